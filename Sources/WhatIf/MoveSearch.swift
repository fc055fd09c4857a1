import LayoutModel

extension MoveFinder {
  /// The state of one search: the struct's movable units, their groups, and the
  /// re-layout that measures every candidate.
  /// Members a search may lay out in trial re-layouts: every candidate move is one
  /// re-layout of the whole struct, and a search tries every fitting unit in every
  /// hole, once per move it makes. `task_struct` (244 members, 23 holes) needs about
  /// a tenth of this; a struct with thousands of members and holes (hostile DWARF)
  /// would need billions. Past it, the search stops with the moves found so far
  /// (each still proven by re-layout), and the audit says the search was cut short.
  public static let maxTrialMembers = 40_000_000

  /// A search's remaining work: shared by its steps (a class: `Search` is passed by
  /// value through them), never by two threads.
  final class Effort {
    var left: Int
    init(left: Int) { self.left = left }

    /// Takes `members` from what is left; false, and nothing taken, when it is spent.
    func spend(_ members: Int) -> Bool {
      guard left >= members else {
        left = 0
        return false
      }
      left -= members
      return true
    }

    var isSpent: Bool { left == 0 }
  }

  struct Search {
    let finder: MoveFinder
    let declaration: Declaration
    /// Members in units (a run of bit fields is one), in declaration order.
    let units: [[DeclaredMember]]
    /// The unit indices of each group: the movable units between two fixed ones.
    let groups: [[Int]]
    /// Bytes each unit takes, for the "fits in the hole" filter.
    let sizes: [UInt64]
    /// What is left of the search's work, in members laid out by trial re-layouts.
    let effort: Effort
    /// Bits each member of each unit takes (its width, or its type's size), looked up
    /// once: every trial measures where units end.
    let memberBits: [[UInt64]]
    /// Each member's size and alignment for the re-layout, looked up once.
    let measures: [[ReLayout.Measure]]

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
      self.measures = units.map { unit in
        unit.map { finder.engine.measure($0, packed: declaration.isPacked) }
      }
      self.memberBits = units.map { unit in
        unit.map { $0.bitFieldSize ?? ((finder.table.size(of: $0.type) ?? 0) &* 8) }
      }
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
      self.effort = Effort(left: finder.trialMembers)
    }

    /// The declaration in this order, laid out.
    func layout(_ order: [Int]) -> AggregateType {
      var d = declaration
      d.members = order.flatMap { units[$0] }
      return finder.engine.layout(d, measures: order.flatMap { measures[$0] })
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
        result[u] = extent(of: u, at: m, laid)
        m += units[u].count
      }
      return result
    }

    /// Where unit `u`, whose first member is `laid.members[m]`, starts and ends (bits).
    func extent(of u: Int, at m: Int, _ laid: AggregateType) -> (start: UInt64, end: UInt64) {
      var start = UInt64.max
      var end: UInt64 = 0
      for k in units[u].indices {
        let offset = laid.members[m + k].bitOffset
        start = min(start, offset)
        end = max(end, offset &+ memberBits[u][k])
      }
      return units[u].isEmpty ? (0, 0) : (start, max(end, start))
    }

    /// Where the units of `group` end in a laid-out order: the last bit of any of them.
    func end(of group: Set<Int>, order: [Int], _ laid: AggregateType) -> UInt64 {
      var m = 0
      var end: UInt64 = 0
      for u in order {
        if group.contains(u) { end = max(end, extent(of: u, at: m, laid).end) }
        m += units[u].count
      }
      return end
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
