import ElfDwarf
import LayoutLoader
import LayoutModel
import WhatIf

/// A livepatch module read once, for every question asked of it: its inspection
/// report, and the inputs of the what-if engine (its types and static arrays).
public final class ModuleAnalysis {
  public let report: InspectReport
  public let loader: TypeLoader
  let klp: KlpLayouts
  /// Structs copied into the module's table from `--types-from`, by name.
  let imported: [String: TypeID]

  init(report: InspectReport, loader: TypeLoader, klp: KlpLayouts, imported: [String: TypeID] = [:]) {
    self.report = report
    self.loader = loader
    self.klp = klp
    self.imported = imported
  }

  /// The struct names the what-if engine may edit, with their ids.
  public var structs: [String: TypeID] {
    var result: [String: TypeID] = imported
    for name in klp.layouts.keys where result[name] == nil {
      if let id = try? loader.resolveSpelling("struct " + name) { result[name] = id }
    }
    if result["list_head"] == nil, let listHead = try? loader.resolveSpelling("struct list_head") { result["list_head"] = listHead }
    return result
  }

  /// The engine over this module's types.
  public func engine() -> WhatIfEngine {
    let names = structs
    return WhatIfEngine(table: loader.table, structs: names)
  }

  /// Every static klp array as (element type, elements).
  public var staticArrays: [StaticArrayCount] {
    report.arrays.map { StaticArrayCount(elementType: $0.elementType, count: $0.count) }
  }

  /// A type the user named, resolved in this module.
  public func resolveType(_ spelling: String) throws(LivepatchError) -> TypeID {
    let found: TypeID?
    do { found = try loader.resolveSpelling(spelling) } catch { throw .reading(error.description) }
    guard let found else { throw .reading("\(report.file): type '\(spelling)' is not defined in its DWARF") }
    return found
  }
}

@available(*, unavailable)
extension ModuleAnalysis: Sendable {}
