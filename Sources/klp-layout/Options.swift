import ArgumentParser

/// Output formats every subcommand accepts.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
  case text, json, markdown
}

/// `--format`, shared by the subcommands.
struct OutputOptions: ParsableArguments {
  @Option(name: .long, help: "Output format: text, json or markdown.")
  var format: OutputFormat = .text
}
