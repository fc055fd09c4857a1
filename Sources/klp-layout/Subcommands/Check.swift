import ArgumentParser
import Reports

/// `klp-layout check FILE --baseline B`: exit 1 when a type grew beyond its budget.
struct Check: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Hold a build to a baseline: exit 1 when a type grows beyond --max-growth or its budget.")

  enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, markdown, github }

  @Argument(help: "The build to check.") var file: String
  @Option(help: "The baseline written by `klp-layout baseline`.") var baseline: String
  @Option(help: "Bytes a type may grow over its baseline size.") var maxGrowth: UInt64 = 0
  @Option(help: "A hard limit: TYPE=BYTES (repeatable; overrides the baseline's).") var budget: [String] = []
  @Option(help: "text, json, markdown (a PR comment) or github (workflow annotations).") var format: Format = .text
  @OptionGroup var typeSource: TypeSourceOptions

  func run() throws {
    var passed = true
    try Failure.reportingInputErrors {
      let gate = SizeGate(maxGrowth: maxGrowth, budgets: try Budgets.parse(budget))
      let document = try GateRequest.check(
        path: file, baselinePath: baseline, gate: gate, source: typeSource.source, btfBase: typeSource.btfBase)
      switch format {
      case .text: emit(CheckRenderer.text(document))
      case .json: emit(try JSONOutput.encode(document))
      case .markdown: emit(CheckRenderer.markdown(document))
      case .github: emit(CheckRenderer.github(document))
      }
      passed = document.passed
    }
    if !passed { throw ExitCode(1) }
  }
}
