import ArgumentParser
import Reports

/// `klp-layout baseline FILE -o BASELINE.json`: record sizes for CI to hold builds to.
struct BaselineCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "baseline", abstract: "Write a baseline of type sizes and layouts (JSON) for `check`.")

  @Argument(help: "The build to record.") var file: String
  @Option(name: .shortAndLong, help: "Where to write the baseline (atomically).") var output: String
  @Option(name: [.customShort("t"), .long], help: "Types to record (default: the klp types of a livepatch module, else all).")
  var type: [String] = []
  @Option(help: "A hard limit to keep in the baseline: TYPE=BYTES (repeatable).") var budget: [String] = []
  @OptionGroup var typeSource: TypeSourceOptions

  func run() throws {
    try Failure.reportingInputErrors {
      let budgets = try Budgets.parse(budget)
      let baseline = try GateRequest.baseline(path: file, types: type, budgets: budgets.isEmpty ? nil : budgets,
        source: typeSource.source, btfBase: typeSource.btfBase)
      try baseline.write(to: output)
    }
  }
}

/// `TYPE=BYTES` pairs.
enum Budgets {
  static func parse(_ specs: [String]) throws -> [String: UInt64] {
    var result: [String: UInt64] = [:]
    for spec in specs {
      let parts = spec.split(separator: "=")
      guard parts.count == 2, let bytes = UInt64(parts[1]) else {
        throw ValidationError("--budget '\(spec)': expected TYPE=BYTES")
      }
      result[String(parts[0])] = bytes
    }
    return result
  }
}
