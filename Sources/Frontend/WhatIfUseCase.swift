import ElfDwarf
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
    /// `--replaces live`: the stack the kernel has loaded (`LiveUseCase.read`).
    case replacingLoaded(LiveUseCase.Reading)
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
    var replaces = older.map(\.file)
    if case .replacingLoaded(let reading) = demand { replaces = reading.patchNames }
    do {
      let kernelDesign = try model.kernelDesign()
      if kernelDesign == .base && !replaces.isEmpty {
        notes.append(
          "\(input.file.path) has no klp_func.node: its kernel predates atomic replace (5.1) and cannot replace patches"
        )
      }
      let costs =
        layoutEdits.isEmpty ? try model.price(workload) : try model.price(layoutEdits, workload)
      var context = WhatIfDocument.Context(
        file: input.path, debugFile: input.debugFile, machine: module.report.machine,
        replaces: replaces,
        replace: module.report.patches.first?.replace ?? false,
        kernelDesign: layoutEdits.isEmpty ? kernelDesign : nil,
        workload: workload,
        replacedAllocations: model.replacedAllocations(workload) + recordsHeaps(older, of: module),
        notPriced: model.notPriced(workload), notes: notes,
        recordsSource: module.report.records == nil ? nil : module.report.patches.first?.source)
      context.shownFile = input.file.path.description
      var document = WhatIfDocument(context, costs: costs)
      if case .replacingLoaded(let reading) = demand { document.live = reading.request.root }
      document.pathBytes = input.pathBytes
      document.typeSource = module.report.typeSource
      document.typesFrom = module.report.typesFrom
      document.variablesFrom = module.report.variablesFrom
      return document
    } catch { throw .whatIf(file: input.path, error) }
  }

  /// The no-op path to price: a hypothetical count, or exactly what `klp_add_nops()`
  /// does for the replaced modules or the loaded stack (nothing when the new patch
  /// lacks `replace`).
  static func workload(
    _ demand: Demand, module: ModuleAnalysis, input: ResolvedInput, typesFrom: (any TypeProvider)?,
    notes: inout [String]
  ) throws(FrontendError) -> (Workload, [InspectReport]) {
    let patch = module.report.patches.first
    let base = Workload(
      demand: NoOpDemand(nops: 0),
      patchedFunctions: UInt64(patch.map { PatchShape($0).distinctFunctions } ?? 0),
      opsSize: try opsSize(module, typesFrom: typesFrom))
    switch demand {
    case .counts(let nops, let dynamicObjects):
      var workload = base
      workload.demand = NoOpDemand(nops: nops, dynamicObjects: dynamicObjects)
      workload.initFuncsPerObject = initFuncs(module)
      return (workload, [])
    case .replacingLoaded(let reading):
      return try loadedWorkload(reading, module: module, input: input, base: base, notes: &notes)
    case .replacing(let replaced):
      guard patch != nil else {
        throw .livepatch(.noPatch(file: input.path, purpose: "to price --replaces for"))
      }
      var older: [InspectReport] = []
      for old in replaced {
        let report = try InspectUseCase.analyze(old, typesFrom: typesFrom).report
        if let mismatch = ReplacedModules.mismatch(new: module.report, old: report) {
          throw .livepatch(.cannotReplace(mismatch))
        }
        older.append(report)
      }
      let workload = replacing(
        older.flatMap(\.patches).map(PatchShape.init),
        replacedStatic: older.reduce(0) { $0 &+ $1.totals.staticBytes }, module: module, base: base)
      return (workload, older)
    }
  }

  /// For a records-based module: funcs per object of the patch its init code builds.
  static func initFuncs(_ module: ModuleAnalysis) -> [UInt64]? {
    guard module.report.records != nil, let patch = module.report.patches.first else { return nil }
    return patch.objects.map { UInt64($0.funcs.count) }
  }

  /// The new patch replacing `older` (in `klp_patches` order), which hold
  /// `replacedStatic` bytes until the transition ends.
  static func replacing(
    _ older: [PatchShape], replacedStatic: UInt64, module: ModuleAnalysis, base: Workload
  ) -> Workload {
    let patch = module.report.patches[0]
    var workload = base
    workload.replacedStaticBytes = replacedStatic
    workload.initFuncsPerObject = initFuncs(module)
    if patch.replace {
      let plan = NoOpPlan(replacing: older, by: PatchShape(patch))
      workload.plan = plan
      workload.demand = plan.demand
      return workload
    }
    // No no-ops: klp_add_nops() runs only for replace (the document says so, once).
    workload.plan = NoOpPlan(nops: [], dynamicObjects: [])
    return workload
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
      if let id = try module.loader.resolveSpelling("struct klp_ops"),
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
