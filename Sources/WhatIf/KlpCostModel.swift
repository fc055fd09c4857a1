import LayoutModel

/// Prices the designs of the 2017 thread (DESIGN.md section 5) from a module's real
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

  public init(engine: WhatIfEngine, arrays: [StaticArrayCount], kmalloc: KmallocClasses = .standard) {
    self.engine = engine
    self.arrays = arrays
    self.kmalloc = kmalloc
  }

  /// Every design, priced for `demand`.
  public func price(_ demand: NoOpDemand) throws(WhatIfError) -> [DesignCost] {
    let base = try engine.apply(baseEdits())
    let embedded = try engine.apply(baseEdits() + linkageEdits(base))
    var costs = [
      cost(.base, base, demand, dynamic: []),
      cost(.aEmbedded, embedded, demand, dynamic: try perElement(embedded, demand)),
      try wrapper(base, embedded, demand),
      cost(.cConfigOff, base, demand, dynamic: [], notes: ["atomic replace is configured out: no no-ops can be allocated"]),
      cost(.cConfigOn, embedded, demand, dynamic: try perElement(embedded, demand)),
      try dynamicArrays(base, demand),
    ]
    costs[0].notes = ["no atomic replace: what static klp data costs without the no-op linkage"]
    return costs
  }

  /// Prices the file as it is against the file with `edits`: static arrays at the new
  /// sizes, and one kmalloc per no-op func (of the wrapper, when an edit declares one
  /// around `klp_func`) and per dynamic object.
  public func price(_ edits: [LayoutEdit], _ demand: NoOpDemand) throws(WhatIfError) -> [DesignCost] {
    let current = try engine.apply([])
    let edited = try engine.apply(edits)
    var unit = "klp_func"
    for case .wrap(let name, "klp_func", _, _) in edits { unit = name }
    var dynamic: [Allocation] = []
    if demand.nops > 0 {
      dynamic.append(allocation("struct \(unit)", count: demand.nops, size: edited.size(of: unit) ?? 0))
    }
    if demand.dynamicObjects > 0 {
      dynamic.append(allocation("struct klp_object", count: demand.dynamicObjects, size: edited.size(of: "klp_object") ?? 0))
    }
    var sizes = cost(.edits, edited, demand, dynamic: dynamic)
    if unit != "klp_func" { sizes.sizes[unit] = edited.size(of: unit) }
    return [cost(.current, current, demand, dynamic: try perElement(current, demand)), sizes]
  }

  /// Removes the atomic-replace linkage that the file's structs have.
  func baseEdits() throws(WhatIfError) -> [LayoutEdit] {
    var edits: [LayoutEdit] = []
    for (name, members) in Self.linkage {
      let present = try memberNames(name, in: engine.table, engine.structs)
      for m in members where present.contains(m) { edits.append(.remove(structName: name, member: m)) }
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
        edits.append(.add(structName: name, member: m, type: listHead, after: before ?? previous ?? "kobj"))
        previous = m
      }
    }
    return edits
  }

  func memberNames(_ name: String, in table: TypeTable, _ structs: [String: TypeID]) throws(WhatIfError) -> [String] {
    guard let id = structs[name], let a = table.aggregate(id) else { throw .noSuchStruct(name, suggestion: nil) }
    return a.members.compactMap(\.name)
  }

  func type(_ name: String) throws(WhatIfError) -> TypeID {
    guard let id = engine.structs[name] else { throw .unknownType("struct \(name)") }
    return id
  }

  /// Static bytes: every element of every static klp array, sentinels included, at
  /// this design's sizes.
  func staticBytes(_ result: WhatIfEngine.Result) -> UInt64 {
    arrays.reduce(0) { $0 &+ $1.count &* (result.size(of: $1.elementType) ?? 0) }
  }

  func cost(
    _ id: DesignID, _ result: WhatIfEngine.Result, _ demand: NoOpDemand, dynamic: [Allocation], notes: [String] = []
  ) -> DesignCost {
    var sizes: [String: UInt64] = [:]
    for name in ["klp_func", "klp_object", "klp_patch", "klp_func_no_op"] { sizes[name] = result.size(of: name) }
    return DesignCost(
      id: id, sizes: sizes, staticBytes: staticBytes(result),
      dynamicBytes: dynamic.reduce(0) { $0 &+ $1.totalBytes }, allocations: dynamic, steps: result.steps,
      notes: notes, result: result)
  }

  func allocation(_ what: String, count: UInt64, size: UInt64) -> Allocation {
    kmalloc.allocate(what, count: count, size: size)
  }

  /// A and C-on: `kzalloc(sizeof(*func))` per no-op, `kzalloc(sizeof(*obj))` per object.
  func perElement(_ result: WhatIfEngine.Result, _ demand: NoOpDemand) throws(WhatIfError) -> [Allocation] {
    var list: [Allocation] = []
    if demand.nops > 0 { list.append(allocation("struct klp_func", count: demand.nops, size: result.size(of: "klp_func") ?? 0)) }
    if demand.dynamicObjects > 0 {
      list.append(allocation("struct klp_object", count: demand.dynamicObjects, size: result.size(of: "klp_object") ?? 0))
    }
    return list
  }
}
