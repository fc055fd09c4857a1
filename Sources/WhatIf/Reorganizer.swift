import LayoutModel

/// Finds a member order that makes a struct smaller, and proves it by laying the new
/// declaration out with the same engine that reproduces the compilers' layouts.
/// Runs of adjacent bit fields move as one unit (splitting them changes what they
/// share); explicit alignments travel with their members; a trailing flexible array
/// stays last; packed structs and unions are left alone (they have no holes to fill).
public struct Reorganizer {
  public let table: TypeTable
  /// Layout facts shared by every proposal and trial: a nested type is laid out once,
  /// not once per trial and per struct that holds it (quadratic in the nesting depth).
  private let facts: LayoutFacts

  public init(table: TypeTable) {
    self.table = table
    self.facts = LayoutFacts(table: table)
  }

  /// A smaller layout of the same members.
  public struct Proposal: Sendable, Equatable {
    public var order: [String]
    public var layout: AggregateType
    public var size: UInt64
    public var saved: UInt64
    /// How the order was found: `filled holes` or `sorted by alignment`.
    public var method: String
  }

  /// The best proposal, or nil when no order is smaller.
  public func propose(_ a: AggregateType) -> Proposal? {
    guard a.kind == .structure, let size = a.byteSize, !a.members.isEmpty else { return nil }
    let declaration = Declaration(recovering: a, table: table)
    guard !declaration.isPacked, declaration.pinnedMembers.isEmpty else { return nil }
    var units = self.units(declaration)
    var tail: [DeclaredMember] = []
    if let last = units.last, last.count == 1, table.isFlexibleArray(last[0].type) {
      tail = units.removeLast()
    }
    let engine = ReLayout(table: table)
    // A declaration the rules do not give back unchanged (unnamed bit fields at the
    // end leave no DIE) prices nothing.
    guard engine.layout(declaration).byteSize == size else { return nil }
    // Each type measured once: the trials below lay the same members out thousands of
    // times (task_struct) in other orders. A member with an alignment of its own is
    // measured as it comes.
    var byType: [TypeID: ReLayout.Measure] = [:]
    for m in declaration.members where m.explicitAlignment == nil && byType[m.type] == nil {
      byType[m.type] = engine.measure(m, packed: declaration.isPacked)
    }
    func laidOut(_ order: [[DeclaredMember]]) -> AggregateType {
      var d = declaration
      d.members = order.flatMap { $0 } + tail
      let measures = d.members.map { m in
        (m.explicitAlignment == nil ? byType[m.type] : nil)
          ?? engine.measure(m, packed: declaration.isPacked)
      }
      return engine.layout(d, measures: measures)
    }
    let candidates: [(String, [[DeclaredMember]])] = [
      ("filled holes", fillHoles(units, facts: facts, laidOut)),
      ("sorted by alignment", sortedByAlignment(units, alignment: facts.alignment)),
    ]
    var best: Proposal?
    for (method, order) in candidates {
      let layout = laidOut(order)
      guard let newSize = layout.byteSize, newSize < size, newSize < (best?.size ?? UInt64.max)
      else { continue }
      best = Proposal(
        order: layout.members.map { $0.name ?? "<anonymous>" }, layout: layout, size: newSize,
        saved: size - newSize,
        method: method)
    }
    return best
  }

  /// Members grouped into movable units: each run of adjacent bit fields is one unit.
  /// The unnamed padding bits in front of a run belong to its old neighbour: dropped.
  func units(_ d: Declaration) -> [[DeclaredMember]] {
    var result: [[DeclaredMember]] = []
    for m in d.members {
      if m.bitFieldSize != nil, let last = result.last?.last, last.bitFieldSize != nil,
        !m.startsNewUnit
      {
        result[result.count - 1].append(m)
      } else {
        var first = m
        first.paddingBitsBefore = 0
        result.append([first])
      }
    }
    return result
  }

  func alignment(_ unit: [DeclaredMember], _ abi: Alignment) -> UInt64 {
    unit.map { $0.explicitAlignment ?? abi.alignment(of: $0.type) }.max() ?? 1
  }

  func size(_ unit: [DeclaredMember]) -> UInt64 {
    unit.map { table.size(of: $0.type) ?? 0 }.max() ?? 0
  }

  /// Largest alignment first, then largest size, then declaration order.
  func sortedByAlignment(
    _ units: [[DeclaredMember]], alignment abi: Alignment
  ) -> [[DeclaredMember]] {
    units.enumerated().sorted { l, r in
      let (la, ra) = (alignment(l.element, abi), alignment(r.element, abi))
      if la != ra { return la > ra }
      let (ls, rs) = (size(l.element), size(r.element))
      if ls != rs { return ls > rs }
      return l.offset < r.offset
    }.map(\.element)
  }

  /// pahole's idea: move a later member into a hole, as long as that makes the
  /// struct smaller. Only positions just after a hole are tried, and the passes are
  /// bounded, so large structs stay cheap and it always ends.
  func fillHoles(
    _ units: [[DeclaredMember]], facts: LayoutFacts,
    _ laidOut: ([[DeclaredMember]]) -> AggregateType
  ) -> [[DeclaredMember]] {
    var order = units
    var current = laidOut(order)
    for _ in 0..<min(units.count, 64) {
      guard let next = firstImprovement(order, current, facts: facts, laidOut) else { break }
      (order, current) = next
    }
    return order
  }

  private func firstImprovement(
    _ order: [[DeclaredMember]], _ current: AggregateType, facts: LayoutFacts,
    _ laidOut: ([[DeclaredMember]]) -> AggregateType
  ) -> ([[DeclaredMember]], AggregateType)? {
    let layout = facts.layout(current)
    var unitOfMember: [Int] = []
    for (u, unit) in order.enumerated() { unitOfMember += Array(repeating: u, count: unit.count) }
    let targets = layout.holeAfter.indices.filter { layout.holeAfter[$0] > 0 }.map {
      unitOfMember[$0] + 1
    }
    for target in targets where target < order.count {
      for source in stride(from: order.count - 1, to: target, by: -1) {
        var trial = order
        trial.insert(trial.remove(at: source), at: target)
        let candidate = laidOut(trial)
        if (candidate.byteSize ?? .max) < (current.byteSize ?? 0) { return (trial, candidate) }
      }
    }
    return nil
  }
}
