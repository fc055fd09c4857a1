import LayoutModel

/// Prices the designs of the 2017 thread (docs/whatif.md) from a module's real
/// klp layouts and static arrays. The no-op linkage that atomic replace added upstream
/// (`klp_func.node`, `klp_object.func_list` and `.node`, `klp_patch.obj_list`) is
/// removed to get the base, then each design adds what it needs.
public struct KlpCostModel: Sendable {
  public let engine: WhatIfEngine
  public let arrays: [StaticArrayCount]
  public let kmalloc: KmallocClasses

  /// The linkage members of atomic replace, per struct, in declaration order.
  static let linkage: [(structName: String, members: [String])] = [
    ("klp_func", ["node"]), ("klp_object", ["func_list", "node"]), ("klp_patch", ["obj_list"]),
  ]

  public init(engine: WhatIfEngine, arrays: [StaticArrayCount], kmalloc: KmallocClasses = .standard)
  {
    self.engine = engine
    self.arrays = arrays
    self.kmalloc = kmalloc
  }

  /// The design the file's own headers implement: upstream embeds a `list_head node`
  /// in `klp_func` since 5.1 (atomic replace, design A); without it the kernel has no
  /// atomic replace at all (the base).
  public func kernelDesign() throws(WhatIfError) -> DesignID {
    try memberNames("klp_func", in: engine.table, engine.structs).contains("node")
      ? .aEmbedded : .base
  }

  /// Every design, priced for `workload`.
  public func price(_ workload: Workload) throws(WhatIfError) -> [DesignCost] {
    let demand = workload.demand
    let base = try engine.apply(baseEdits())
    let embedded = try engine.apply(baseEdits() + linkageEdits(base))
    let ops = opsAllocation(workload)
    var costs = [
      cost(
        .base, base, allocations: ops,
        notes: ["no atomic replace: what static klp data costs without the no-op linkage"]),
      cost(
        .aEmbedded, embedded, allocations: ops + perElement(embedded, unit: "klp_func", workload)),
      try wrapper(base, embedded, workload),
      cost(
        .cConfigOff, base, allocations: ops,
        notes: ["atomic replace is configured out: no no-ops can be allocated"]),
      cost(
        .cConfigOn, embedded, allocations: ops + perElement(embedded, unit: "klp_func", workload),
        notes: ["atomic replace configured in: design A"]),
      try dynamicArrays(base, workload),
    ]
    costs[3].sameAs = .base
    costs[4].sameAs = .aEmbedded
    for i in costs.indices {
      costs[i].allocations = initAllocations(costs[i].result, workload) + costs[i].allocations
    }
    if demand.nops > 0 || demand.dynamicObjects > 0 {
      for i in costs.indices where costs[i].id == .base || costs[i].id == .cConfigOff {
        costs[i].notes.append("cannot replace: the transition's no-ops do not exist in this design")
      }
    }
    return costs
  }

  /// Prices the file as it is against the file with `edits`: static arrays at the new
  /// sizes, and the no-op path at the new sizes (of the wrapper, when an edit declares
  /// one around `klp_func`).
  public func price(_ edits: [LayoutEdit], _ workload: Workload) throws(WhatIfError) -> [DesignCost]
  {
    let current = try engine.apply([])
    let edited = try engine.apply(edits)
    var unit = "klp_func"
    for case .wrap(let name, "klp_func", _, _) in edits { unit = name }
    let ops = opsAllocation(workload)
    var sizes = cost(.edits, edited, allocations: ops + perElement(edited, unit: unit, workload))
    if unit != "klp_func" { sizes.sizes[unit] = edited.size(of: unit) }
    var costs = [
      cost(.current, current, allocations: ops + perElement(current, unit: "klp_func", workload)),
      sizes,
    ]
    for i in costs.indices {
      costs[i].allocations = initAllocations(costs[i].result, workload) + costs[i].allocations
    }
    return costs
  }

  /// What the replaced patches hold until the transition ends beyond their static
  /// data: the `struct klp_ops` of each function only they redirect (one per no-op).
  /// `klp_discard_nops()` unpatches the no-ops, and `klp_unpatch_func()` frees the
  /// ops when its func_stack empties.
  public func replacedAllocations(_ workload: Workload) -> [HeapAllocation] {
    guard let size = workload.opsSize, workload.demand.nops > 0 else { return [] }
    return [
      HeapAllocation(
        purpose: "klp_patch_func(): kzalloc, freed by klp_discard_nops()",
        type: .structure("klp_ops"),
        count: workload.demand.nops, requested: size, lifetime: .transient, kmalloc: kmalloc)
    ]
  }

  /// What the model leaves out, by name.
  public func notPriced(_ workload: Workload) -> [NotPriced] {
    var list = [
      NotPriced(
        item: "kobject sysfs nodes",
        reason:
          "kobject_add() creates a kernfs directory per patch, object and func (no-ops included); its size depends on kernfs internals"
      ),
      NotPriced(
        item: "ftrace hash entries",
        reason:
          "ftrace_set_filter_ip() adds an entry to the filter hash of each struct klp_ops' ftrace_ops; ftrace's own allocations are not modelled"
      ),
    ]
    if workload.opsSize == nil {
      list.append(
        NotPriced(
          item: "struct klp_ops",
          reason:
            "one per newly patched function (klp_patch_func()), but its size is not in this file's DWARF (kernel/livepatch/patch.h): pass --types-from vmlinux"
        ))
    }
    if workload.plan == nil && workload.demand.nops > 0 {
      list.append(
        NotPriced(
          item: "kstrdup(old_name)",
          reason:
            "klp_alloc_func_nop() copies each no-op's name; a hypothetical count has no names (use --replaces)"
        ))
    }
    return list
  }

  /// Removes the atomic-replace linkage that the file's structs have.
  func baseEdits() throws(WhatIfError) -> [LayoutEdit] {
    var edits: [LayoutEdit] = []
    for (name, members) in Self.linkage {
      let present = try memberNames(name, in: engine.table, engine.structs)
      for m in members where present.contains(m) {
        edits.append(.remove(structName: name, member: m))
      }
    }
    return edits
  }

  /// Adds the linkage back where the file had it, or after `kobj` for a file from
  /// before atomic replace (Linux < 5.1).
  func linkageEdits(_ base: WhatIfEngine.Result) throws(WhatIfError) -> [LayoutEdit] {
    let listHead = try type("list_head")
    var edits: [LayoutEdit] = []
    for (name, members) in Self.linkage {
      let original = try memberNames(name, in: engine.table, engine.structs)
      var previous: String?
      for m in members {
        let before = original.firstIndex(of: m).flatMap { $0 > 0 ? original[$0 - 1] : nil }
        edits.append(
          .add(structName: name, member: m, type: listHead, after: before ?? previous ?? "kobj"))
        previous = m
      }
    }
    return edits
  }

  func memberNames(
    _ name: String, in table: TypeTable, _ structs: [String: TypeID]
  ) throws(WhatIfError) -> [String] {
    guard let id = structs[name], let a = table.aggregate(id) else {
      throw .noSuchStruct(name, suggestion: nil)
    }
    return a.members.compactMap(\.name)
  }

  func type(_ name: String) throws(WhatIfError) -> TypeID {
    guard let id = engine.structs[name] else { throw .unknownType("struct \(name)") }
    return id
  }

  /// Static bytes: every element of every static klp array, sentinels included, at
  /// this design's sizes.
  func staticBytes(_ result: WhatIfEngine.Result) -> UInt64 {
    arrays.reduce(0) { $0 &+ $1.count &* (result.size(of: $1.elementType) ?? $1.elementSize ?? 0) }
  }

  func cost(
    _ id: DesignID, _ result: WhatIfEngine.Result, allocations: [HeapAllocation],
    notes: [String] = []
  ) -> DesignCost {
    var sizes: [String: UInt64] = [:]
    for name in ["klp_func", "klp_object", "klp_patch", "klp_func_no_op"] {
      sizes[name] = result.size(of: name)
    }
    return DesignCost(
      id: id, sizes: sizes, staticBytes: staticBytes(result), allocations: allocations,
      steps: result.steps, notes: notes,
      sameAs: nil, result: result)
  }

  func allocation(
    _ purpose: String, _ type: TypeKey?, elements: UInt64? = nil, count: UInt64, size: UInt64,
    _ lifetime: Lifetime = .transient
  ) -> HeapAllocation {
    HeapAllocation(
      purpose: purpose, type: type, elements: elements, count: count, requested: size,
      lifetime: lifetime, kmalloc: kmalloc)
  }

  /// One `struct klp_ops` per function the new patch redirects, held while patched.
  func opsAllocation(_ workload: Workload) -> [HeapAllocation] {
    guard let size = workload.opsSize, workload.patchedFunctions > 0 else { return [] }
    return [
      allocation(
        "klp_patch_func(): kzalloc", .structure("klp_ops"), count: workload.patchedFunctions,
        size: size, .permanent)
    ]
  }

  /// A records-based module's init-time klp structs at this design's sizes.
  func initAllocations(_ result: WhatIfEngine.Result, _ workload: Workload) -> [HeapAllocation] {
    guard let funcs = workload.initFuncsPerObject, let patch = result.size(of: "klp_patch"),
      let object = result.size(of: "klp_object"), let function = result.size(of: "klp_func")
    else { return [] }
    return InitHeap.allocations(
      funcsPerObject: funcs, patch: patch, object: object, function: function, kmalloc: kmalloc)
  }

  /// A, C-on and the file as built: `klp_alloc_func_nop()` kzallocs one `unit` per
  /// no-op and kstrdups its `old_name`; `klp_alloc_object_dynamic()` kzallocs one
  /// `klp_object` per dynamic object and kstrdups its name when it has one.
  func perElement(
    _ result: WhatIfEngine.Result, unit: String, _ workload: Workload
  ) -> [HeapAllocation] {
    let demand = workload.demand
    var list: [HeapAllocation] = []
    if demand.nops > 0 {
      list.append(
        allocation(
          "klp_alloc_func_nop(): kzalloc", .structure(unit), count: demand.nops,
          size: result.size(of: unit) ?? 0))
    }
    list += strings(
      "klp_alloc_func_nop(): kstrdup(old_name)", workload.plan?.nops.map(\.func) ?? [])
    if demand.dynamicObjects > 0 {
      list.append(
        allocation(
          "klp_alloc_object_dynamic(): kzalloc", .structure("klp_object"),
          count: demand.dynamicObjects,
          size: result.size(of: "klp_object") ?? 0))
    }
    list += strings(
      "klp_alloc_object_dynamic(): kstrdup(name)",
      workload.plan?.dynamicObjects.compactMap(\.name) ?? [])
    return list
  }

  /// `kstrdup(s)` asks for strlen + 1 bytes; equal requests are counted together.
  func strings(_ purpose: String, _ values: [String]) -> [HeapAllocation] {
    let lengths = Dictionary(grouping: values.map { UInt64($0.utf8.count) + 1 }, by: { $0 })
    return lengths.keys.sorted().map {
      allocation(purpose, nil, count: UInt64(lengths[$0]!.count), size: $0)
    }
  }
}
