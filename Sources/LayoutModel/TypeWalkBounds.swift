/// Why a table cannot be walked: a type reached again from itself, or a walk longer than
/// `TypeTable.maxWalkDepth`. Only a hostile or corrupt file holds either (see
/// `TypeTable.walkProblem`).
public enum TypeWalkProblem: Hashable, Sendable {
  /// `id` is reached from itself.
  case cycle(TypeID)
  /// Walks from `id` go deeper than the limit.
  case tooDeep(TypeID)

  /// The type the problem was found at.
  public var id: TypeID {
    switch self {
    case .cycle(let id), .tooDeep(let id): return id
    }
  }
}

/// The walk every reader of a table makes, in one place: what the loaders load, and what
/// naming, layout facts, packing, definition ids, flattening and inline printing follow.
///
/// A type is walked in one of two modes. *By value* (a member's type, an array's
/// element, a typedef's or qualifier's target) everything it refers to is walked.
/// *Through a pointer* (a pointer's target, a function's return and parameter types) a
/// named struct or union ends the walk: C can only point back to a type by its name, so
/// every cycle a C program can write passes there, and nothing prints a named type's
/// members behind a pointer. An anonymous struct or union is printed in place even behind
/// a pointer, so its members are walked by value again.
///
/// A table whose walks from every type, by value, are finite and at most
/// `maxWalkDepth` long is one every recursive walker above may recurse over: the
/// loaders check it once (`walkProblem`) before they hand a table out.
extension TypeTable {
  /// The longest walk a table may hold (the kernel's longest is far shorter).
  public static let maxWalkDepth = 256

  /// The first cycle or over-long walk, checked by value from every type (a walk
  /// through a pointer follows less than the same walk by value), in id order; nil when
  /// every walk ends within `maxDepth` steps. Linear in the table: each type is visited
  /// at most once per mode, iteratively (a hostile chain cannot overflow the stack here).
  public func walkProblem(maxDepth: Int = TypeTable.maxWalkDepth) -> TypeWalkProblem? {
    // Whether there is a problem does not depend on the order the walks start in: they
    // start in the order the ids are stored, and only when one is found again in id
    // order, for the first (sorting a DWARF kernel's 200,000 ids took 4 ms).
    guard problem(maxDepth: maxDepth, from: allIDs) != nil else { return nil }
    return problem(maxDepth: maxDepth, from: allIDs.sorted())
  }

  private func problem(maxDepth: Int, from ids: [TypeID]) -> TypeWalkProblem? {
    var walk = TypeWalk(table: self, maxDepth: Int32(clamping: maxDepth))
    for id in ids where contains(id) {
      if let problem = walk.visit(id) { return problem }
    }
    return nil
  }
}

/// The depth-first walk of `walkProblem`: each (type, mode) state unseen, on the stack,
/// or done with its height.
private struct TypeWalk {
  let table: TypeTable
  let maxDepth: Int32
  /// Per state (`TypeTable.walkIndex` × 2 + mode): `unseen`, `onStack`, else the height.
  private var heights: [Int32]
  private static let unseen: Int32 = -1
  private static let onStack: Int32 = -2

  /// What a state leads to, taken out of its type once (not per child).
  private enum Edges {
    case none
    case one(TypeID?, byValue: Bool)
    case members([Member])
    case function(returns: TypeID?, parameters: [TypeID])

    init(_ type: CType?, byValue: Bool) {
      switch type {
      case .pointer(let target, _)?: self = .one(target, byValue: false)
      case .typedef(_, let target)?, .qualified(_, let target)?:
        self = .one(target, byValue: byValue)
      case .array(let element, _)?: self = .one(element, byValue: true)
      case .function(let returns, let parameters, _)?:
        self = .function(returns: returns, parameters: parameters)
      case .aggregate(let a)? where byValue || a.name == nil: self = .members(a.members)
      default: self = .none
      }
    }

    /// The `index`th (nil past the last; an inner nil is `void`) and its mode.
    func child(_ index: Int) -> (id: TypeID?, byValue: Bool)? {
      switch self {
      case .none: return nil
      case .one(let id, let byValue): return index == 0 ? (id, byValue) : nil
      case .members(let members):
        return index < members.count ? (members[index].type, true) : nil
      case .function(let returns, let parameters):
        if index == 0 { return (returns, false) }
        return index <= parameters.count ? (parameters[index - 1], false) : nil
      }
    }
  }

  /// One state being walked: its type, what it leads to, the next child to look at and
  /// the greatest height of the children seen.
  private struct Frame {
    var id: TypeID
    var state: Int
    var edges: Edges
    var next = 0
    var deepest: Int32 = 0
  }

  init(table: TypeTable, maxDepth: Int32) {
    self.table = table
    self.maxDepth = maxDepth
    heights = [Int32](repeating: Self.unseen, count: table.walkIndexCount * 2)
  }

  private func state(_ id: TypeID, byValue: Bool) -> Int? {
    guard let index = table.walkIndex(id) else { return nil }
    return index * 2 + (byValue ? 0 : 1)
  }

  private func frame(_ id: TypeID, state: Int, byValue: Bool) -> Frame {
    Frame(id: id, state: state, edges: Edges(table[id], byValue: byValue))
  }

  /// Walks from `id` by value.
  mutating func visit(_ id: TypeID) -> TypeWalkProblem? {
    guard let root = state(id, byValue: true), heights[root] == Self.unseen else { return nil }
    var stack = [frame(id, state: root, byValue: true)]
    heights[root] = Self.onStack
    // The top frame is read in place, not copied out each step (its edges hold the
    // members: a reference counted on every step of a whole kernel's walk).
    while !stack.isEmpty {
      let t = stack.count - 1
      if let (child, byValue) = stack[t].edges.child(stack[t].next) {
        stack[t].next += 1
        guard let child, table.contains(child), let s = state(child, byValue: byValue) else {
          continue
        }
        switch heights[s] {
        case Self.onStack: return .cycle(child)
        case Self.unseen:
          heights[s] = Self.onStack
          stack.append(frame(child, state: s, byValue: byValue))
        case let height:
          stack[stack.count - 1].deepest = max(stack[stack.count - 1].deepest, height)
        }
        continue
      }
      let top = stack.removeLast()
      let height = top.deepest + 1
      guard height <= maxDepth else { return .tooDeep(top.id) }
      heights[top.state] = height
      if !stack.isEmpty {
        stack[stack.count - 1].deepest = max(stack[stack.count - 1].deepest, height)
      }
    }
    return nil
  }
}
