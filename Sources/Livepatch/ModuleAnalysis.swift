import ReportSchema
import ElfDwarf
import LayoutLoader
import LayoutModel
import WhatIf

/// A livepatch module read once, for every question asked of it: its inspection
/// report, and the inputs of the what-if engine (its types and static arrays).
public final class ModuleAnalysis {
  public var report: InspectReport
  /// The types the module was read with: its DWARF, its own `.BTF`, or (for a module
  /// without either) the `--types-from` file that gave the klp structs.
  public let loader: any TypeProvider
  let klp: KlpLayouts
  /// Structs copied into the module's table from `--types-from`, by name.
  let imported: [String: TypeID]

  init(
    report: InspectReport, loader: any TypeProvider, klp: KlpLayouts,
    imported: [String: TypeID] = [:]
  ) {
    self.report = report
    self.loader = loader
    self.klp = klp
    self.imported = imported
  }

  /// The struct names the what-if engine may edit, with their ids: the klp structs the
  /// module's types define (or `--types-from` supplied) and `list_head`. A type that
  /// cannot be read is an error, never a struct the engine silently lacks.
  public func structs() throws(LivepatchError) -> [String: TypeID] {
    var result: [String: TypeID] = imported
    for name in klp.layouts.keys.sorted() + ["list_head"] where result[name] == nil {
      do {
        if let id = try loader.resolveSpelling(TypeKey.structure(name).spelling) {
          result[name] = id
        }
      } catch { throw .loading(error) }
    }
    return result
  }

  /// The engine over this module's types (with the klp structs `--types-from` supplied
  /// copied in, for a records-based module that defines none), checked to be walkable:
  /// the types a user named were loaded after the module's were checked.
  public func engine() throws(LivepatchError) -> WhatIfEngine {
    // Resolving may load types into the table: resolve first, then take the table.
    let structs = try structs()
    do { return WhatIfEngine(table: try loader.walkableTable(), structs: structs) } catch {
      throw .loading(error)
    }
  }

  /// Every static klp array (and record section) as (element type, elements, size
  /// as built).
  public var staticArrays: [StaticArrayCount] {
    report.arrays.map {
      StaticArrayCount(
        elementType: $0.elementType, count: $0.count,
        elementSize: $0.count > 0 ? $0.bytes / $0.count : 0)
    }
  }

  /// A type the user named, resolved in this module.
  public func resolveType(_ spelling: String) throws(LivepatchError) -> TypeID {
    let found: TypeID?
    do { found = try loader.resolveSpelling(spelling) } catch { throw .loading(error) }
    if let found { return found }
    let bare = TypeSpec(parsing: spelling).name
    let suggestion: String?
    do { suggestion = try (loader as? TypeLoader)?.suggestion(for: bare) } catch {
      throw .loading(error)
    }
    throw .typeNotDefined(file: report.file, spelling: spelling, suggestion: suggestion)
  }

}

@available(*, unavailable)
extension ModuleAnalysis: Sendable {}
