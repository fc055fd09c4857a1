import LayoutModel

extension MoveFinder {
  /// The state of one search: the struct's movable units, their groups, and the
  /// re-layout that measures every candidate.
  struct Search {
    let finder: MoveFinder
    let declaration: Declaration
    /// Members in units (a run of bit fields is one), in declaration order.
    let units: [[DeclaredMember]]
    /// The unit indices of each group: the movable units between two fixed ones.
    let groups: [[Int]]
    /// Bytes each unit takes, for the "fits in the hole" filter.
    let sizes: [UInt64]

    /// A move by identity: unit `unit` put directly after unit `after`.
    struct Step: Equatable {
      var unit: Int
      var after: Int
      var hole: UInt64
      var savedBytes: UInt64
    }

    init(finder: MoveFinder, declaration: Declaration) {
      self.finder = finder
      self.declaration = declaration
      let units = Reorganizer(table: finder.table).units(declaration)
      self.units = units
      self.sizes = units.map { Reorganizer(table: finder.table).size($0) }
      var groups: [[Int]] = []
      var current: [Int] = []
      for (i, unit) in units.enumerated() {
        if i == 0 || i == units.count - 1 || finder.isFixed(unit) {
          if !current.isEmpty { groups.append(current) }
          current = []
        } else {
          current.append(i)
        }
      }
      self.groups = groups
    }

    /// The declaration in this order, laid out.
    func layout(_ order: [Int]) -> AggregateType {
      var d = declaration
      d.members = order.flatMap { units[$0] }
      return finder.engine.layout(d)
    }

    /// The original order with `steps` made, one after the other.
    func order(applying steps: [Step]) -> [Int] {
      var order = Array(units.indices)
      for step in steps {
        guard let from = order.firstIndex(of: step.unit) else { continue }
        order.remove(at: from)
        guard let at = order.firstIndex(of: step.after) else { continue }
        order.insert(step.unit, at: at + 1)
      }
      return order
    }

    /// Where each unit starts and ends (bits) in a laid-out order.
    func extents(_ order: [Int], _ laid: AggregateType) -> [Int: (start: UInt64, end: UInt64)] {
      var result: [Int: (UInt64, UInt64)] = [:]
      var m = 0
      for u in order {
        let members = laid.members[m..<m + units[u].count]
        m += units[u].count
        let start = members.map(\.bitOffset).min() ?? 0
        let end = members.map { $0.bitOffset &+ bits(of: $0) }.max() ?? start
        result[u] = (start, end)
      }
      return result
    }

    func bits(of m: Member) -> UInt64 {
      m.bitFieldSize ?? ((finder.table.size(of: m.type) ?? 0) &* 8)
    }

    /// Where a group ends: the last bit of its units.
    func end(of group: [Int], in extents: [Int: (start: UInt64, end: UInt64)]) -> UInt64 {
      group.compactMap { extents[$0]?.end }.max() ?? 0
    }
  }
}

extension MoveFinder.Search {
  /// The steps as a report says them: names, sizes, offsets as built and after all
  /// the moves.
  func describe(
    _ steps: [Step], original: AggregateType, final: AggregateType
  ) -> [MoveFinder.Move] {
    var firstMember: [Int] = []
    var index = 0
    for unit in units {
      firstMember.append(index)
      index += unit.count
    }
    let finalOrder = order(applying: steps)
    let finalExtents = extents(finalOrder, final)
    return steps.map { step in
      let names = units[step.unit].map { $0.name ?? "<anonymous>" }
      return MoveFinder.Move(
        members: names, size: sizes[step.unit],
        fromOffset: original.members[firstMember[step.unit]].bitOffset / 8,
        toOffset: (finalExtents[step.unit]?.start ?? 0) / 8,
        after: units[step.after].last?.name ?? "<anonymous>", hole: step.hole,
        savedBytes: step.savedBytes)
    }
  }
}
