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
    let options = sourceOptions.options(input)
    let document = try DiffUseCase.run(
      try ResolvedInput.open(old, options: options), try ResolvedInput.open(new, options: options),
      types: type)
    try Output.emit(document, as: output.format)
  }
}
