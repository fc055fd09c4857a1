import LayoutLoader
import LayoutModel
import Livepatch

/// The library side of `baseline` and `check`: which types, read how.
public enum GateRequest {
  /// The types a baseline records by default: the klp types for a livepatch module,
  /// every named struct and union otherwise.
  public static func baseline(
    path: String, types: [String], budgets: [String: UInt64]?, source: TypeSource = .auto, btfBase: String? = nil
  ) throws -> Baseline {
    let report = try? LivepatchReader.inspect(path)
    var names = types
    if names.isEmpty, let report, report.livepatch { names = report.types.map(\.name) }
    var request = LayoutRequest(path: path, types: names)
    request.source = source
    request.btfBase = btfBase
    let result = try request.run()
    var baseline = Baseline(
      file: path, machine: result.machine, layouts: result.layouts,
      staticKlpBytes: report?.livepatch == true ? report?.totals.staticBytes : nil, budgets: budgets)
    baseline.typeSource = result.source.rawValue
    return baseline
  }

  /// Checks `path` against the baseline at `baselinePath`.
  public static func check(
    path: String, baselinePath: String, gate: SizeGate, source: TypeSource = .auto, btfBase: String? = nil
  ) throws -> CheckDocument {
    let baseline = try Baseline.read(from: baselinePath)
    let names = baseline.types.keys.map { String($0.split(separator: " ", maxSplits: 1).last ?? "") }
    var request = LayoutRequest(path: path, types: [])
    request.source = source
    request.btfBase = btfBase
    let loaded = try request.run()
    var current: [String: StructLayout] = [:]
    for layout in loaded.layouts {
      guard let name = layout.name, names.contains(name) else { continue }
      let key = layout.kind.rawValue + " " + name
      if current[key] == nil { current[key] = layout }
    }
    let report = baseline.staticKlpBytes == nil ? nil : try? LivepatchReader.inspect(path)
    var document = gate.check(
      file: path, baselinePath: baselinePath, baseline: baseline, current: current,
      staticKlpBytes: report?.totals.staticBytes)
    document.typeSource = loaded.source.rawValue
    return document
  }
}
