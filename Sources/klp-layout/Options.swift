import ArgumentParser
import LayoutLoader

/// Output formats every subcommand accepts.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
  case text, json, markdown
}

/// `--format`, shared by the subcommands.
struct OutputOptions: ParsableArguments {
  @Option(name: .long, help: "Output format: text, json or markdown.")
  var format: OutputFormat = .text
}

extension TypeSource: ExpressibleByArgument {}

/// `--source` and `--btf-base`, for the subcommands that read types.
struct TypeSourceOptions: ParsableArguments {
  @Option(help: "Where types come from: dwarf, btf, or auto (DWARF when present, else BTF).")
  var source: TypeSource = .auto

  @Option(help: "The base of split BTF (a module's): raw BTF or an ELF with .BTF. Default for /sys/kernel/btf/MODULE: /sys/kernel/btf/vmlinux.")
  var btfBase: String?
}
