import ArgumentParser
import Frontend
import ReportSchema
import Reports

/// `klp-layout check FILE --baseline B`: exit 1 when a type grew beyond its budget or
/// is gone from the build.
struct Check: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract:
      "Hold a build to a baseline: exit 1 when a type grows beyond --max-growth or its budget, or is missing."
  )

  @Argument(help: "The build to check.") var file: String
  @Option(help: "The baseline written by `klp-layout baseline`.") var baseline: String
  @Option(help: "Bytes a type may grow over its baseline size.") var maxGrowth: UInt64 = 0
  @Option(
    help: "A hard limit: TYPE=BYTES or staticKlpBytes=BYTES (repeatable; overrides the baseline's)."
  )
  var budget: [BudgetSpec] = []
  @Option(help: "A baseline type that may be missing from the build (repeatable).")
  var allowMissing: [String] = []
  @OptionGroup var input: InputOptionGroup
  @OptionGroup var sourceOptions: TypeSourceOptions
  @OptionGroup var output: FormatOption<CheckDocument>

  func run() throws {
    let gate = SizeGate(
      maxGrowth: maxGrowth, budgets: budget.map(\.budget), allowMissing: allowMissing)
    let inputs = try Session.start(sourceOptions.options(input), index: sourceOptions.index)
    let document = try inputs.finishing { () throws(FrontendError) in
      try CheckUseCase.run(
        try inputs.open(file), baselinePath: baseline, gate: gate,
        typesFrom: try inputs.typesFrom(sourceOptions.typesFrom))
    }
    try Output.emit(document, as: output.format)
    if !document.passed { throw Failure.GateFailed() }
  }
}
