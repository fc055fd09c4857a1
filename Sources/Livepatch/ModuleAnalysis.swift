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
  /// The `--types-from` file's types, for a module that lacks the klp structs
  /// (records-based modules allocate them at init).
  let typesLoader: TypeLoader?

  init(report: InspectReport, loader: TypeLoader, klp: KlpLayouts, typesLoader: TypeLoader? = nil) {
    self.report = report
    self.loader = loader
    self.klp = klp
    self.typesLoader = typesLoader
  }

  /// The struct names the what-if engine may edit, with their ids in `loader`.
  public var structs: [String: TypeID] { Self.structs(klp.layouts.keys, in: loader) }

  static func structs(_ names: some Sequence<String>, in loader: TypeLoader) -> [String: TypeID] {
    var result: [String: TypeID] = [:]
    for name in names {
      if let id = try? loader.resolveSpelling("struct " + name) { result[name] = id }
    }
    if let listHead = try? loader.resolveSpelling("struct list_head") { result["list_head"] = listHead }
    return result
  }

  /// The engine over this module's types, or over the `--types-from` file's when
  /// the module does not define `struct klp_func`.
  public func engine() -> WhatIfEngine {
    let names = structs
    if names["klp_func"] == nil, let other = typesLoader {
      let otherNames = Self.structs(KlpLayouts.typeNames, in: other)
      return WhatIfEngine(table: other.table, structs: otherNames)
    }
    return WhatIfEngine(table: loader.table, structs: names)
  }

  /// Every static klp array (and record section) as (element type, elements, size
  /// as built).
  public var staticArrays: [StaticArrayCount] {
    report.arrays.map {
      StaticArrayCount(elementType: $0.elementType, count: $0.count, elementSize: $0.count > 0 ? $0.bytes / $0.count : 0)
    }
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
