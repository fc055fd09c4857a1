import LayoutModel

extension KlpCostModel {
  /// B: the thread's `struct klp_func_no_op { struct klp_func orig_func; struct
  /// list_head func_entry; }` for dynamic funcs only, so static `klp_func` keeps its
  /// base size. As in the patch under review, `klp_object` and `klp_patch` still carry
  /// their list heads (dynamic objects are linked through them).
  func wrapper(
    _ base: WhatIfEngine.Result, _ embedded: WhatIfEngine.Result, _ workload: Workload
  ) throws(WhatIfError) -> DesignCost {
    let listHead = try type("list_head")
    let objectAndPatch = try linkageEdits(base).filter {
      if case .add(let s, _, _, _) = $0 { return s != "klp_func" }
      return true
    }
    let wrap = LayoutEdit.wrap(
      newName: "klp_func_no_op", structName: "klp_func", field: "orig_func",
      extra: [WrapperMember(name: "func_entry", type: listHead)])
    let result = try engine.apply(try baseEdits() + objectAndPatch + [wrap])
    return cost(
      .bWrapper, result,
      allocations: opsAllocation(workload) + perElement(result, unit: "klp_func_no_op", workload))
  }

  /// D: no list heads at all; each object's no-ops live in one `kcalloc`ed,
  /// sentinel-terminated array, and the dynamic objects in another. Reaching them
  /// takes a pointer in `klp_object` and one in `klp_patch`. The names are copied
  /// as in A.
  func dynamicArrays(
    _ base: WhatIfEngine.Result, _ workload: Workload
  ) throws(WhatIfError) -> DesignCost {
    let demand = workload.demand
    var table = base.table
    let pointerSize = table.abi.pointerSize
    let funcPointer = table.freshID()
    table[funcPointer] = .pointer(target: base.structs["klp_func"], byteSize: pointerSize)
    let objectPointer = table.freshID()
    table[objectPointer] = .pointer(target: base.structs["klp_object"], byteSize: pointerSize)
    let engine = WhatIfEngine(table: table, structs: base.structs)
    var result = try engine.apply([
      .add(structName: "klp_object", member: "nop_funcs", type: funcPointer, after: "funcs"),
      .add(structName: "klp_patch", member: "nop_objs", type: objectPointer, after: "objs"),
    ])
    result.steps = base.steps + result.steps
    let funcSize = result.size(of: "klp_func") ?? 0
    let objectSize = result.size(of: "klp_object") ?? 0
    var dynamic = opsAllocation(workload)
    for (n, group) in Dictionary(grouping: demand.funcsPerObject.filter { $0 > 0 }, by: { $0 })
      .sorted(by: { $0.key < $1.key })
    {
      dynamic.append(
        allocation(
          "no-op array per object: kcalloc", .structure("klp_func"), elements: n + 1,
          count: UInt64(group.count),
          size: (n + 1) &* funcSize))
    }
    dynamic += strings("no-op: kstrdup(old_name)", workload.plan?.nops.map(\.func) ?? [])
    if demand.dynamicObjects > 0 {
      let m = demand.dynamicObjects
      dynamic.append(
        allocation(
          "dynamic objects: kcalloc", .structure("klp_object"), elements: m + 1, count: 1,
          size: (m + 1) &* objectSize))
    }
    dynamic += strings(
      "dynamic object: kstrdup(name)", workload.plan?.dynamicObjects.compactMap(\.name) ?? [])
    return cost(.dDynArray, result, allocations: dynamic)
  }
}
