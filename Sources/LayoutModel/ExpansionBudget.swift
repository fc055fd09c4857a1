/// How much of a struct's nested types a printout expands in place, within a budget of
/// lines. pahole expands per path (`pahole -E` prints a struct once for every member
/// that holds it): 4 levels of 100 members are 100 million lines. Here a printout
/// expands as many levels as fit in `maxLines` and says where it stopped; no real type
/// comes near (a kernel's `task_struct` fully expanded is 1,200 lines).
///
/// `inner` says what a member prints in place: the members of an anonymous struct (or
/// with `--expand` a named one) and any lines of its own (an anonymous enum's
/// enumerators), nil for a member of one line: the printout's own rule, so that the
/// count is its count.
public struct ExpansionBudget {
  /// The most lines one type's printout may take with its nested types expanded.
  public static let maxLines = 100_000

  public let limit: Int
  private let inner: (Member) -> (members: [Member], lines: Int)?

  public init(
    limit: Int = ExpansionBudget.maxLines,
    inner: @escaping (Member) -> (members: [Member], lines: Int)?
  ) {
    self.limit = limit
    self.inner = inner
  }

  /// How many levels of nested types the printout of a type with `members` can expand
  /// within the limit (0: none, its own members only); nil when all of them fit. Each
  /// count stops at the limit, so this costs a few times the limit at most, never the
  /// full expansion.
  public func levels(of members: [Member]) -> Int? {
    guard lines(of: members, levels: .max) > limit else { return nil }
    var levels = 0
    while levels < TypeTable.maxWalkDepth, lines(of: members, levels: levels + 1) <= limit {
      levels += 1
    }
    return levels
  }

  /// Lines a type with `members` prints with nested types `levels` deep: its members,
  /// each nested type's lines and its opening and closing; more than `limit` as soon as
  /// it is.
  func lines(of members: [Member], levels: Int) -> Int {
    var total = 2
    for m in members {
      total += 1
      if levels > 0, let nested = inner(m) {
        total += nested.lines + lines(of: nested.members, levels: levels - 1)
      }
      if total > limit { return total }
    }
    return total
  }
}
