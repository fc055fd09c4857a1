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
  @OptionGroup var output: FormatOption<InspectDocument>

  func run() throws {
    let inputs = try Session.start(sourceOptions.options(input), index: sourceOptions.index)
    let document = try inputs.finishing { () throws(FrontendError) in
      try InspectUseCase.run(
        try files.map { path throws(FrontendError) in try inputs.open(path) },
        typesFrom: try inputs.typesFrom(sourceOptions.typesFrom))
    }
    try Output.emit(document, as: output.format)
  }
}
