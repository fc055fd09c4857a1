import ArgumentParser
import Frontend
import ReportSchema
import Reports

/// `klp-layout diff OLD NEW`: what changed in the layouts, as bloat-o-meter summarizes.
struct Diff: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "diff",
    abstract: "Compare the struct layouts (and livepatch metadata) of two builds.")

  @Argument(help: "The old build.") var old: String
  @Argument(help: "The new build.") var new: String

  @Option(name: [.customShort("t"), .long], help: "Only these types (repeatable).")
  var type: [String] = []

  @OptionGroup var input: InputOptionGroup
  @OptionGroup var sourceOptions: TypeSourceOptions
  @OptionGroup var output: FormatOption<DiffDocument>

  func run() throws {
    let inputs = try Session.start(sourceOptions.options(input), index: sourceOptions.index)
    let document = try inputs.finishing { () throws(FrontendError) in
      try DiffUseCase.run(
        try inputs.open(old), try inputs.open(new), types: type,
        typesFrom: try inputs.typesFrom(sourceOptions.typesFrom))
    }
    try Output.emit(document, as: output.format)
  }
}
