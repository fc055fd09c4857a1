import LayoutModel
import ArgumentParser
import Frontend
import ReportSchema

/// `klp-layout baseline FILE -o BASELINE.json`: record sizes for CI to hold builds to.
struct BaselineCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "baseline",
    abstract: "Write a baseline of type sizes and layouts (JSON) for `check`.")

  @Argument(help: "The build to record.") var file: String
  @Option(
    name: .shortAndLong,
    help: "Where to write the baseline (atomically; an existing file keeps its mode).")
  var output: String
  @Option(
    name: [.customShort("t"), .long],
    help: "Types to record (default: the klp types of a livepatch module, else all).")
  var type: [String] = []
  @Option(
    help: "A hard limit to keep in the baseline: TYPE=BYTES or staticKlpBytes=BYTES (repeatable).")
  var budget: [BudgetSpec] = []
  @OptionGroup var input: InputOptionGroup
  @OptionGroup var sourceOptions: TypeSourceOptions

  func run() throws {
    let inputs = try Session.start(sourceOptions.options(input), index: sourceOptions.index)
    let baseline = try inputs.finishing { () throws(FrontendError) in
      try BaselineUseCase.run(
        try inputs.open(file), types: type, budgets: budget.map(\.budget),
        typesFrom: try inputs.typesFrom(sourceOptions.typesFrom))
    }
    let text = try JSONOutput.encode(baseline)
    do { try OutputFile.write(text, to: output) } catch { throw FrontendError.output(error) }
  }
}

/// `TYPE=BYTES`, with TYPE as `name`, `struct name` or `union name`.
struct BudgetSpec: ExpressibleByArgument {
  var budget: Baseline.Budget

  init?(argument: String) {
    let parts = argument.split(separator: "=", omittingEmptySubsequences: false)
    guard parts.count == 2, let bytes = UInt64(parts[1]) else { return nil }
    let spec = TypeSpec(parsing: String(parts[0]))
    guard !spec.name.isEmpty else { return nil }
    budget = Baseline.Budget(name: spec.name, kind: spec.kind, bytes: bytes)
  }
}
