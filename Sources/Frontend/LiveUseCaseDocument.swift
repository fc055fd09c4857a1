import Livepatch
import ReportSchema

extension LiveUseCase {
  /// The report of what was read: patches in stack order, every patched function with
  /// its owner, the totals; what could not be read, and what cannot be said, listed.
  public static func document(_ reading: Reading) -> LiveDocument {
    let loaded = reading.tree.patches
    let patches = reading.stackOrder.map { patch($0, reading) }
    let nops = loaded.indices.map { LiveUseCase.nops(of: $0, reading) }
    let functions = LoadedStack.ownership(loaded).map { function($0, loaded, nops: nops) }
    let klp = patches.map(\.klpBytes)
    let module = patches.map(\.moduleBytes)
    return LiveDocument(
      root: reading.request.root, release: reading.tree.release,
      modulesDirectory: reading.modulesDirectory, klpTypesFrom: reading.klpTypesFrom,
      klpSizes: reading.klpSizes, patches: patches, functions: functions,
      totals: .init(
        patches: patches.count, functions: functions.count, klpBytes: sum(klp),
        moduleBytes: sum(module)),
      unreadable: reading.tree.unreadable, notes: reading.tree.notes + reading.notes)
  }

  /// One patch: sysfs's attributes and objects, its module's sizes, its klp bytes and
  /// how they were found, its no-ops.
  static func patch(_ index: Int, _ reading: Reading) -> LiveDocument.Patch {
    let p = reading.tree.patches[index]
    let match = reading.modules[index]
    let attributes = reading.tree.modules[p.name]
    var bytes: UInt64?
    var source = "unknown"
    if let match {
      (bytes, source) = (klpBytes(of: match.report), "module")
    } else if let s = reading.klpSizes {
      bytes = LoadedStack.countedBytes(
        of: p, patchSize: s.patch, objectSize: s.object, funcSize: s.func)
      source = "sysfs"
    }
    let nops = nops(of: index, reading)?.map {
      LiveDocument.Nop(object: .init($0.object), name: .init($0.func.name), sympos: $0.func.sympos)
    }
    return LiveDocument.Patch(
      name: .init(p.name), enabled: p.enabled, transition: p.transition, replace: p.replace,
      stackOrder: p.stackOrder, coreBytes: attributes?.coreBytes,
      initBytes: attributes?.initBytes, dataBytes: attributes?.dataBytes, klpBytes: bytes,
      klpBytesSource: source,
      moduleFile: match?.path,
      objects: p.objects.sorted { $0.name.lexicographicallyPrecedes($1.name) }.map { o in
        LiveDocument.Object(
          name: .init(o.name), patched: o.patched,
          funcs: o.funcs.map { .init(name: .init($0.name), sympos: $0.sympos) })
      },
      nops: nops)
  }

  /// What a module file says its klp structs hold: its static klp data (init-only
  /// sections left out: freed once its init ran), and for a records-based module the
  /// klp structs its init code allocated.
  static func klpBytes(of report: InspectReport) -> UInt64 {
    let resident = report.arrays.filter { !$0.section.hasPrefix(".init") }
    return resident.reduce(0) { $0 &+ $1.bytes } &+ (report.heap?.bytes ?? 0)
  }

  /// The no-ops patch `index` shows (`LoadedStack.nops`), told from its module's own
  /// funcs when its file was found.
  static func nops(of index: Int, _ reading: Reading) -> [LoadedFunction]? {
    let own = reading.modules[index].map { $0.report.patches.flatMap(LoadedStack.functions(of:)) }
    return LoadedStack.nops(of: reading.tree.patches[index], own: own)
  }

  /// One function's stack; whether the owner's func is a no-op (the original code runs
  /// for tasks switched to it) when its no-ops are known.
  static func function(
    _ o: LoadedStack.Ownership, _ patches: [LoadedPatch], nops: [[LoadedFunction]?]
  ) -> LiveDocument.Function {
    let name: (Int) -> LiveDocument.Name = { .init(patches[$0].name) }
    var function = LiveDocument.Function(
      object: .init(o.function.object), name: .init(o.function.func.name),
      sympos: o.function.func.sympos, owner: o.owner.map(name), shadows: o.shadows.map(name),
      ownerFrom: o.basis.rawValue, undecided: o.undecided.map(name),
      inTransition: o.inTransition)
    function.ownerIsNop = o.owner.flatMap { owner in nops[owner].map { $0.contains(o.function) } }
    return function
  }

  /// The sum, or nil when any part is unknown.
  static func sum(_ values: [UInt64?]) -> UInt64? {
    values.reduce(UInt64(0)) { total, v in total.flatMap { t in v.map { t &+ $0 } } }
  }
}
