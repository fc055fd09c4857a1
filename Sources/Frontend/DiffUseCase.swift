import LayoutModel
import ElfDwarf
import LayoutLoader
import Livepatch
import ReportSchema

/// `diff`: what changed in the layouts, and in the livepatch metadata, of two builds.
public enum DiffUseCase {
  public static func run(
    _ old: ResolvedInput, _ new: ResolvedInput, types: [String],
    typesFrom: (any TypeProvider)? = nil
  ) throws(FrontendError) -> DiffDocument {
    let names = types.map { TypeSpec(parsing: $0).name }
    let (before, oldSource) = try layouts(old, names, typesFrom: typesFrom)
    let (after, newSource) = try layouts(new, names, typesFrom: typesFrom)
    let changes = TypeDiff.compare(before, after)
    var livepatch: LivepatchChanges?
    // Livepatch metadata lives in ELF modules (ET_REL); a vmlinux or raw BTF has none.
    if types.isEmpty, old.isModule, new.isModule {
      let o = try ModuleTypes.livepatchReport(old, typesFrom: typesFrom)
      let n = try ModuleTypes.livepatchReport(new, typesFrom: typesFrom)
      if let o, let n, o.livepatch || n.livepatch { livepatch = LivepatchChanges(old: o, new: n) }
    }
    var document = DiffDocument(old: old.path, new: new.path, types: changes, livepatch: livepatch)
    document.oldTypeSource = oldSource
    document.newTypeSource = newSource
    // What the pictures draw: the definitions the change is about (names can repeat).
    for change in changes {
      document.layouts[change.key] = .init(
        old: definition(before.layouts[change.key], change.oldDefinition), oldTable: before.table,
        new: definition(after.layouts[change.key], change.newDefinition), newTable: after.table)
    }
    return document
  }

  /// The definition with `id` among same-named ones, else the first.
  static func definition(_ layouts: [StructLayout]?, _ id: String?) -> StructLayout? {
    layouts?.first { id != nil && $0.definitionID == id } ?? layouts?.first
  }

  /// A module without types of its own is compared in the klp structs of
  /// `typesFrom` (`ModuleTypes.layoutProvider`): the same on both sides when both are.
  static func layouts(
    _ input: ResolvedInput, _ names: [String], typesFrom: (any TypeProvider)?
  ) throws(FrontendError) -> (LayoutSet, TypeSource) {
    let result: LayoutResult
    let types = try ModuleTypes.layoutTypes(input, typesFrom: typesFrom)
    let shown =
      types.borrowed && names.isEmpty
      ? try ModuleTypes.defined(KlpLayouts.typeNames, in: types.provider) : names
    do {
      result = try LayoutRequest(
        provider: types.provider, types: shown, typesFrom: types.borrowed ? nil : typesFrom
      ).run()
    } catch {
      throw .loading(error)
    }
    return (LayoutSet(layouts: result.layouts, table: result.table), result.source)
  }
}
