import LayoutModel

/// The smallest set of member moves that shrinks a struct, as a kernel developer would
/// send it ("move `prio` into the 4-byte hole after `on_cpu`"), each move proven by
/// laying the edited declaration out again with `ReLayout`.
///
/// What never moves: the first member (code casts the struct to it: `thread_info` in
/// `task_struct`), the last (it may end in a variable-sized part: x86's `thread_struct`
/// ends in the FPU state; a flexible array), and members aligned beyond a pointer
/// (`____cacheline_aligned` groups, `aligned(16)` buffers), which nothing crosses
/// either: each stretch between two fixed members is a group, and moves stay inside
/// their group. A run of bit fields moves as one unit. Packed structs have no holes.
public struct MoveFinder {
  public let table: TypeTable
  let engine: ReLayout
  let abi: Alignment
  /// This finder's bound on trial re-layouts (`maxTrialMembers` unless a test asks
  /// for less).
  let trialMembers: Int

  public init(table: TypeTable, maxTrialMembers: Int = MoveFinder.maxTrialMembers) {
    self.table = table
    self.trialMembers = maxTrialMembers
    self.engine = ReLayout(table: table)
    self.abi = Alignment(table: table)
  }

  /// One move: a member (or a run of bit fields) taken out of its place and put
  /// directly after another member of its group.
  public struct Move: Sendable, Equatable {
    /// The member moved; a run of bit fields names each of its members.
    public var members: [String]
    /// Bytes the moved unit takes (a run of bit fields: its storage unit).
    public var size: UInt64
    /// Its offset as built, and in the layout with every move made.
    public var fromOffset: UInt64
    public var toOffset: UInt64
    /// The member it now follows, and the hole after that member it went into.
    public var after: String
    public var hole: UInt64
    /// How many bytes earlier the rest of its group ends once it is made (the holes it
    /// closes), by re-layout. The struct shrinks when the moves together bring the
    /// group's end past a boundary of the next fixed member's (or the struct's)
    /// alignment.
    public var savedBytes: UInt64
  }

  /// The moves and the layout they give.
  public struct Plan: Sendable, Equatable {
    public var moves: [Move]
    public var layout: AggregateType
    public var size: UInt64
    public var saved: UInt64
    /// The search stopped at `maxTrialMembers` with the moves found so far.
    public var cutShort = false
  }

  /// The moves that shrink `a`, or nil when none does.
  public func plan(_ a: AggregateType) -> Plan? {
    guard a.kind == .structure, let size = a.byteSize, a.members.count > 2 else { return nil }
    let declaration = Declaration(recovering: a, table: table)
    guard !declaration.isPacked else { return nil }
    let search = Search(finder: self, declaration: declaration)
    // The rules must give the struct back unchanged before they may price a change:
    // unnamed bit fields at the end (`int :32;` in `__kernel_timex`) leave no DIE.
    guard !search.groups.isEmpty, search.layout(Array(search.units.indices)).byteSize == size
    else { return nil }
    var chosen: [Search.Step] = []
    for group in search.groups {
      chosen += search.shrink(group, after: chosen)
    }
    chosen = search.inDeclarationOrder(search.pruned(chosen))
    guard !chosen.isEmpty else { return nil }
    let final = search.layout(search.order(applying: chosen))
    guard let newSize = final.byteSize, newSize < size else { return nil }
    return Plan(
      moves: search.describe(chosen, original: a, final: final), layout: final, size: newSize,
      saved: size - newSize, cutShort: search.effort.isSpent)
  }

  /// Whether a unit stays where it is and bounds a group: aligned beyond a pointer by
  /// an attribute (`DW_AT_alignment`, or a type aligned so), or pinned where the ABI
  /// rules alone would not put it.
  func isFixed(_ unit: [DeclaredMember]) -> Bool {
    unit.contains { m in
      m.pinnedBitOffset != nil
        || isAlignedBeyondPointer(type: m.type, explicitAlignment: m.explicitAlignment)
    }
  }

  /// A member aligned beyond a pointer by an attribute: its own `DW_AT_alignment`,
  /// or a type aligned beyond what any scalar needs (a `____cacheline_aligned` struct).
  public func isAlignedBeyondPointer(type: TypeID, explicitAlignment: UInt64?) -> Bool {
    let word = max(table.abi.pointerSize, 1)
    return (explicitAlignment ?? 0) > word || abi.alignment(of: type) > max(word, 16)
  }
}
