import ElfDwarf
import LayoutModel
import LayoutLoader
import Livepatch
import ReportSchema
import WhatIf

/// `whatif`: the 2017 atomic-replace designs, or explicit edits, priced for one module
/// (docs/whatif.md): every allocation on the no-op path with its lifetime, the
/// kernel's own design first.
public enum WhatIfUseCase {
  /// Where the no-op demand comes from.
  public enum Demand {
    /// `--nops N [--dynamic-objects M]`: a hypothetical count.
    case counts(nops: UInt64, dynamicObjects: UInt64)
    /// `--replaces OLD.ko...`, in load order: no-ops as `klp_add_nops()` makes them.
    case replacing([ResolvedInput])
  }

  /// The edits as the user spelled them.
  public struct Edits: Sendable {
    public var add: [String]
    public var remove: [String]
    public var wrap: [String]
    public init(add: [String], remove: [String], wrap: [String]) {
      self.add = add
      self.remove = remove
      self.wrap = wrap
    }
    var isEmpty: Bool { add.isEmpty && remove.isEmpty && wrap.isEmpty }
  }

  public static func run(
    _ input: ResolvedInput, demand: Demand, edits: Edits, typesFrom: (any TypeProvider)?
  ) throws(FrontendError) -> WhatIfDocument {
    let module = try InspectUseCase.analyze(input, typesFrom: typesFrom)
    var notes: [String] = []
    let (workload, older) = try self.workload(
      demand, module: module, input: input, typesFrom: typesFrom, notes: &notes)
    let layoutEdits: [LayoutEdit]
    do {
      layoutEdits =
        try edits.add.map { s throws(EditSpecError) in try EditSpec.add(s, in: module) }
        + edits.remove.map { s throws(EditSpecError) in try EditSpec.remove(s) }
        + edits.wrap.map { s throws(EditSpecError) in try EditSpec.wrap(s, in: module) }
    } catch { throw .edit(error) }
    let engine: WhatIfEngine
    do { engine = try module.engine() } catch { throw .livepatch(error) }
    let model = KlpCostModel(engine: engine, arrays: module.staticArrays)
    let replaces = older.map(\.file)
    do {
      let kernelDesign = try model.kernelDesign()
      if kernelDesign == .base && !replaces.isEmpty {
        notes.append(
          "\(input.path) has no klp_func.node: its kernel predates atomic replace (5.1) and cannot replace patches"
        )
      }
      let costs =
        layoutEdits.isEmpty ? try model.price(workload) : try model.price(layoutEdits, workload)
      let context = WhatIfDocument.Context(
        file: input.path, debugFile: input.debugFile, machine: module.report.machine,
        replaces: replaces,
        replace: module.report.patches.first?.replace ?? false,
        kernelDesign: layoutEdits.isEmpty ? kernelDesign : nil,
        workload: workload,
        replacedAllocations: model.replacedAllocations(workload) + recordsHeaps(older, of: module),
        notPriced: model.notPriced(workload), notes: notes)
      var document = WhatIfDocument(context, costs: costs)
      document.pathBytes = input.pathBytes
      return document
    } catch { throw .whatIf(file: input.path, error) }
  }

  /// The no-op path to price: a hypothetical count, or exactly what `klp_add_nops()`
  /// does for the replaced modules (nothing when the new patch lacks `replace`).
  static func workload(
    _ demand: Demand, module: ModuleAnalysis, input: ResolvedInput, typesFrom: (any TypeProvider)?,
    notes: inout [String]
  ) throws(FrontendError) -> (Workload, [InspectReport]) {
    let patch = module.report.patches.first
    let functions = UInt64(patch.map { PatchShape($0).distinctFunctions } ?? 0)
    let ops = try opsSize(module, typesFrom: typesFrom)
    let initFuncs =
      module.report.records == nil ? nil : patch.map { $0.objects.map { UInt64($0.funcs.count) } }
    let replaced: [ResolvedInput]
    switch demand {
    case .counts(let nops, let dynamicObjects):
      var workload = Workload(
        demand: NoOpDemand(nops: nops, dynamicObjects: dynamicObjects), patchedFunctions: functions,
        opsSize: ops)
      workload.initFuncsPerObject = initFuncs
      return (workload, [])
    case .replacing(let modules):
      replaced = modules
    }
    guard let patch else {
      throw .livepatch(.noPatch(file: input.path, purpose: "to price --replaces for"))
    }
    var older: [InspectReport] = []
    for old in replaced {
      let report = try InspectUseCase.analyze(old, typesFrom: nil).report
      if let mismatch = ReplacedModules.mismatch(new: module.report, old: report) {
        throw .livepatch(.cannotReplace(mismatch))
      }
      older.append(report)
    }
    let replacedStatic = older.reduce(0) { $0 &+ $1.totals.staticBytes }
    if patch.replace {
      var workload = Workload(
        plan: NoOpPlan(replacing: older.flatMap(\.patches), by: patch), patchedFunctions: functions,
        opsSize: ops,
        replacedStaticBytes: replacedStatic)
      workload.initFuncsPerObject = initFuncs
      return (workload, older)
    }
    if module.report.records != nil {
      notes.append(
        "\(input.path) is records-based (\(patch.source)): its init code builds the klp_patch and decides replace, which this "
          + "file does not show, so no no-ops are priced (transient 0); the replaced patches are counted as still loaded."
      )
    } else {
      notes.append(
        "\(input.path) does not set klp_patch.replace, so klp_init_patch() does not call klp_add_nops(): no no-ops, transient 0, "
          + "and the replaced patches stay enabled beneath it. A module that sets replace in its init code (as "
          + "test_klp_atomic_replace does from a module parameter) shows false here: read its init function."
      )
    }
    var workload = Workload(
      demand: NoOpDemand(nops: 0), plan: NoOpPlan(nops: [], dynamicObjects: []),
      patchedFunctions: functions, opsSize: ops,
      replacedStaticBytes: replacedStatic)
    workload.initFuncsPerObject = initFuncs
    return (workload, older)
  }

  /// A records-based replaced module (kpatch, klp-build) holds the klp structs its
  /// init code allocated; priced with the new module's sizes (the same kernel's, as
  /// checked).
  static func recordsHeaps(_ older: [InspectReport], of module: ModuleAnalysis) -> [HeapAllocation]
  {
    let sizes = Dictionary(module.report.types.map { ($0.name, $0.size) }) { a, _ in a }
    guard let patch = sizes["klp_patch"], let object = sizes["klp_object"],
      let function = sizes["klp_func"]
    else { return [] }
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
  static func opsSize(
    _ module: ModuleAnalysis, typesFrom: (any TypeProvider)?
  ) throws(FrontendError) -> UInt64? {
    do {
      if let id = try module.loader.resolveSpelling(TypeKey.structure("klp_ops").spelling),
        let size = module.loader.table.size(of: id)
      {
        return size
      }
      guard let typesFrom else { return nil }
      let loaded = try typesFrom.loadNamedIfPresent(["klp_ops"])
      return loaded.definitions.first.flatMap { loaded.table.size(of: $0.id) }
    } catch { throw .loading(error) }
  }
}
