import ReportSchema
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

  init(report: InspectReport, loader: TypeLoader, klp: KlpLayouts) {
    self.report = report
    self.loader = loader
    self.klp = klp
  }

  /// The struct names the what-if engine may edit, with their ids.
  public var structs: [String: TypeID] {
    var result: [String: TypeID] = [:]
    for name in klp.layouts.keys {
      if let id = try? loader.resolveSpelling("struct " + name) { result[name] = id }
    }
    if let listHead = try? loader.resolveSpelling("struct list_head") { result["list_head"] = listHead }
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
    do {
      guard let found = try loader.resolveSpelling(spelling) else {
        let bare = spelling.split(separator: " ").last.map(String.init) ?? spelling
        throw LivepatchError.typeNotDefined(file: report.file, spelling: spelling, suggestion: try loader.suggestion(for: bare))
      }
      return found
    } catch let error as LoaderError {
      throw .loading(error)
    } catch let error as LivepatchError {
      throw error
    } catch {
      preconditionFailure("unexpected error type: \(error)")
    }
  }
}

@available(*, unavailable)
extension ModuleAnalysis: Sendable {}
