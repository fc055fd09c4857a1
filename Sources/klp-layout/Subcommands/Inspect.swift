import ArgumentParser
import Frontend
import ReportSchema
import Reports

/// `klp-layout inspect FILE...`: the livepatch view.
struct Inspect: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "inspect",
    abstract: "Show what a livepatch module patches and what its klp metadata costs in bytes.")

  @Argument(help: "Livepatch modules (.ko, also compressed).")
  var files: [String]

  @OptionGroup var input: InputOptionGroup
  @OptionGroup var sourceOptions: TypeSourceOptions
  @OptionGroup var output: OutputOptions

  func run() throws {
    let inputs = try Session.start(sourceOptions.options(input))
    let document = try inputs.finishing { () throws(FrontendError) in
      try InspectUseCase.run(
        try files.map { path throws(FrontendError) in try inputs.open(path) },
        typesFrom: try inputs.typesFrom(sourceOptions.typesFrom))
    }
    switch output.format {
    case .json: try Output.emit(JSONOutput.encode(document))
    case .html: try Output.emit(HTMLReport.inspect(document))
    case .text, .markdown:
      try Output.emit(
        InspectRenderer(markdown: output.format == .markdown, style: .fromEnvironment()).render(
          document))
    }
  }
}
