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

  @Option(
    help:
      "A file with the klp struct definitions, for records-based modules: any module of the same kernel (DWARF), or BTF (/sys/kernel/btf/vmlinux, a vmlinux with .BTF)."
  )
  var typesFrom: String?

  @OptionGroup var input: InputOptionGroup
  @OptionGroup var index: TypeIndexOptions
  @OptionGroup var output: FormatOption<InspectDocument>

  func run() throws {
    let inputs = try Session.start(input.options, index: index)
    let document = try inputs.finishing { () throws(FrontendError) in
      try InspectUseCase.run(
        try files.map { path throws(FrontendError) in try inputs.open(path) },
        typesFrom: try inputs.typesFrom(typesFrom))
    }
    try Output.emit(document, as: output.format)
  }
}
