import ElfDwarf
import LayoutLoader
import Livepatch
import WhatIf

/// Pricing designs for one module: the library side of `klp-layout whatif`.
public struct WhatIfRequest: Sendable {
  public var file: String
  /// A hypothetical no-op count (`--nops`, `--dynamic-objects`).
  public var nops: UInt64?
  public var dynamicObjects: UInt64
  /// Older livepatch modules the new one replaces, in load order.
  public var replaces: [String]
  public var add: [String]
  public var remove: [String]
  public var wrap: [String]
  /// A file that defines the klp structs or `struct klp_ops` (the matching vmlinux).
  public var typesFrom: String?

  public init(
    file: String, nops: UInt64? = nil, dynamicObjects: UInt64 = 0, replaces: [String] = [], add: [String] = [],
    remove: [String] = [], wrap: [String] = [], typesFrom: String? = nil
  ) {
    self.file = file
    self.nops = nops
    self.dynamicObjects = dynamicObjects
    self.replaces = replaces
    self.add = add
    self.remove = remove
    self.wrap = wrap
    self.typesFrom = typesFrom
  }

  public func run() throws -> (document: WhatIfDocument, costs: [DesignCost]) {
    let module = try LivepatchReader.analyze(file, typesFrom: typesFrom)
    var notes: [String] = []
    let (workload, older) = try self.workload(module, notes: &notes)
    let edits = try add.map { s throws(LivepatchError) in try EditSpec.add(s, in: module) }
      + remove.map { s throws(LivepatchError) in try EditSpec.remove(s) }
      + wrap.map { s throws(LivepatchError) in try EditSpec.wrap(s, in: module) }
    let model = KlpCostModel(engine: module.engine(), arrays: module.staticArrays)
    let kernelDesign = try model.kernelDesign()
    if kernelDesign == .base && !replaces.isEmpty {
      notes.append("\(file) has no klp_func.node: its kernel predates atomic replace (5.1) and cannot replace patches")
    }
    let costs = edits.isEmpty ? try model.price(workload) : try model.price(edits, workload)
    let context = WhatIfDocument.Context(
      file: file, machine: module.report.machine, replaces: replaces,
      replace: module.report.patches.first?.replace ?? false, kernelDesign: edits.isEmpty ? kernelDesign : nil,
      workload: workload, replacedAllocations: model.replacedAllocations(workload) + recordsHeaps(older, of: module),
      notPriced: model.notPriced(workload),
      notes: notes)
    return (WhatIfDocument(context, costs: costs), costs)
  }

  /// The no-op path to price: a hypothetical count, or exactly what `klp_add_nops()`
  /// does for the replaced modules (nothing when the new patch lacks `replace`).
  func workload(_ module: ModuleAnalysis, notes: inout [String]) throws -> (Workload, [InspectReport]) {
    let patch = module.report.patches.first
    let functions = UInt64(patch.map { PatchShape($0).distinctFunctions } ?? 0)
    let ops = try opsSize(module)
    let initFuncs = module.report.records == nil ? nil : patch.map { $0.objects.map { UInt64($0.funcs.count) } }
    if replaces.isEmpty {
      var workload = Workload(
        demand: NoOpDemand(nops: nops ?? 0, dynamicObjects: dynamicObjects), patchedFunctions: functions, opsSize: ops)
      workload.initFuncsPerObject = initFuncs
      return (workload, [])
    }
    guard let patch else { throw LivepatchError.reading("\(file): no klp_patch to price --replaces for") }
    var older: [InspectReport] = []
    for path in replaces {
      let old = try LivepatchReader.inspect(path)
      if let mismatch = ReplacedModules.mismatch(new: module.report, old: old) { throw LivepatchError.reading(mismatch) }
      older.append(old)
    }
    let replacedStatic = older.reduce(0) { $0 &+ $1.totals.staticBytes }
    if patch.replace {
      var workload = Workload(
        plan: NoOpPlan(replacing: older.flatMap(\.patches), by: patch), patchedFunctions: functions, opsSize: ops,
        replacedStaticBytes: replacedStatic)
      workload.initFuncsPerObject = initFuncs
      return (workload, older)
    }
    if module.report.records != nil {
      notes.append(
        "\(file) is records-based (\(patch.source)): its init code builds the klp_patch and decides replace, which this "
          + "file does not show, so no no-ops are priced (transient 0); the replaced patches are counted as still loaded.")
    } else {
      notes.append(
        "\(file) does not set klp_patch.replace, so klp_init_patch() does not call klp_add_nops(): no no-ops, transient 0, "
          + "and the replaced patches stay enabled beneath it. A module that sets replace in its init code (as "
          + "test_klp_atomic_replace does from a module parameter) shows false here: read its init function.")
    }
    var workload = Workload(
      demand: NoOpDemand(nops: 0), plan: NoOpPlan(nops: [], dynamicObjects: []), patchedFunctions: functions, opsSize: ops,
      replacedStaticBytes: replacedStatic)
    workload.initFuncsPerObject = initFuncs
    return (workload, older)
  }

  /// A records-based replaced module (kpatch, klp-build) holds the klp structs its
  /// init code allocated; priced with the new module's sizes (the same kernel's, as
  /// checked).
  func recordsHeaps(_ older: [InspectReport], of module: ModuleAnalysis) -> [HeapAllocation] {
    let sizes = Dictionary(module.report.types.map { ($0.name, $0.size) }) { a, _ in a }
    guard let patch = sizes["klp_patch"], let object = sizes["klp_object"], let function = sizes["klp_func"] else { return [] }
    return older.filter { $0.records != nil }.flatMap { old in
      RecordsHeap.allocations(
        objects: old.patches.flatMap(\.objects), patch: patch, object: object, function: function
      ).map { a in
        var a = a
        a.purpose = "\(old.file): " + a.purpose
        return a
      }
    }
  }

  /// `sizeof(struct klp_ops)` from the module, else from `--types-from`.
  func opsSize(_ module: ModuleAnalysis) throws -> UInt64? {
    if let id = try? module.loader.resolveSpelling("struct klp_ops"), let size = module.loader.table.size(of: id) { return size }
    guard let typesFrom else { return nil }
    let loaded = try TypeLoader(file: try ElfFile.open(typesFrom)).loadNamedIfPresent(["klp_ops"])
    return loaded.definitions.first.flatMap { loaded.table.size(of: $0.id) }
  }
}
