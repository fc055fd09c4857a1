import LayoutModel

/// How one struct or union differs between two builds, member by member.
struct AggregateComparison {
  /// A member present in both builds whose place or type changed.
  struct Changed {
    var old: FlatMember
    var new: FlatMember
    /// The type is spelled differently but stores the same bits the same way
    /// (`int` and `long` on a 32-bit target, `void *` and `char *`).
    var sameRepresentation = false
    var moved: Bool { old.bitOffset != new.bitOffset }
    var retyped: Bool { old.typeName != new.typeName }
    var resized: Bool { old.byteSize != new.byteSize || old.bitFieldSize != new.bitFieldSize }
    /// Only the spelling changed: every byte still means what it meant.
    var onlyRespelled: Bool { retyped && sameRepresentation && !moved && !resized }
  }

  /// Where an added member lies in the old layout.
  enum Placement {
    /// In bytes (or bits) no old member used: a hole or the tail padding.
    case unusedBytes
    /// Over old members of a union.
    case aliasing
    /// Past the old end, or over old members of a struct.
    case outside
  }

  var kind: AggregateKind
  /// Every member of each side, flattened.
  var oldMembers: [FlatMember]
  var newMembers: [FlatMember]
  var oldSize: UInt64
  var newSize: UInt64
  var removed: [FlatMember] = []
  var added: [(member: FlatMember, placement: Placement)] = []
  var changed: [Changed] = []
  /// Same offset, type and size under another name.
  var renamed: [(old: FlatMember, new: FlatMember)] = []

  init(old: AggregateType, in oldSpelling: Spelling, new: AggregateType, in newSpelling: Spelling) {
    let oldTable = oldSpelling.table
    let newTable = newSpelling.table
    kind = new.kind
    oldSize = old.byteSize ?? 0
    newSize = new.byteSize ?? 0
    let (oldMembers, oldComplete) = oldTable.flatMembers(of: old, spelling: oldSpelling)
    let (newMembers, newComplete) = newTable.flatMembers(of: new, spelling: newSpelling)
    self.oldMembers = oldMembers
    self.newMembers = newMembers
    let oldByKey = Dictionary(oldMembers.map { ($0.key, $0) }) { first, _ in first }
    let newByKey = Dictionary(newMembers.map { ($0.key, $0) }) { first, _ in first }
    var removed = oldMembers.filter { newByKey[$0.key] == nil }
    var added = newMembers.filter { oldByKey[$0.key] == nil }
    for m in newMembers {
      guard let o = oldByKey[m.key] else { continue }
      let c = Changed(
        old: o, new: m,
        sameRepresentation: Representation.same(o.type, in: oldTable, m.type, in: newTable))
      if c.moved || c.retyped || c.resized { changed.append(c) }
    }
    // A removed and an added member with the same bits and type: a rename.
    for r in removed {
      guard
        let i = added.firstIndex(where: {
          $0.bitOffset == r.bitOffset && $0.bitLength == r.bitLength && $0.typeName == r.typeName
        })
      else { continue }
      renamed.append((r, added.remove(at: i)))
    }
    removed.removeAll { r in renamed.contains { $0.old.key == r.key } }
    if !oldComplete || !newComplete {
      // What was not opened cannot be shown unchanged: fail closed.
      removed.append(
        FlatMember(
          key: "<members past the first \(maxFlatMembers), not compared>", typeName: "",
          type: old.members.first?.type ?? TypeID(0), bitOffset: 0, byteSize: nil))
    }
    self.removed = removed
    let oldBits = oldSize &* 8
    self.added = added.map { m in
      guard let length = m.bitLength, m.bitOffset &+ length <= oldBits else { return (m, .outside) }
      if !oldMembers.contains(where: { $0.overlaps(m) }) { return (m, .unusedBytes) }
      return (m, kind == .union ? .aliasing : .outside)
    }
  }

  var isEmpty: Bool {
    oldSize == newSize && removed.isEmpty && added.isEmpty && changed.isEmpty && renamed.isEmpty
  }

  /// Unsafe when any existing byte means something else or the size changed; a
  /// member added into unused bytes, aliasing a union, or a rename is a warning.
  var severity: SafetyChange.Severity {
    if oldSize != newSize || !removed.isEmpty || changed.contains(where: { !$0.onlyRespelled })
      || added.contains(where: { $0.placement == .outside })
    {
      return .unsafe
    }
    return .warning
  }
}

/// Whether two types, each in its own build, store a value the same way: base types
/// of the same size and encoding, or data pointers of the same size. Only such a
/// change of spelling is a warning rather than unsafe. A function pointer whose
/// prototype changed is not: whoever calls through it passes the wrong arguments.
enum Representation {
  static func same(_ a: TypeID, in at: TypeTable, _ b: TypeID, in bt: TypeTable) -> Bool {
    switch (at.resolved(a), bt.resolved(b)) {
    case (.base(_, let s1, let e1)?, .base(_, let s2, let e2)?): return s1 == s2 && e1 == e2
    case (.pointer(let t1, let s1)?, .pointer(let t2, let s2)?):
      return s1 == s2 && !isFunction(t1, in: at) && !isFunction(t2, in: bt)
    case (.enumeration(_, let s1, _)?, .enumeration(_, let s2, _)?): return s1 == s2
    default: return false
    }
  }

  private static func isFunction(_ id: TypeID?, in table: TypeTable) -> Bool {
    guard let id else { return false }
    if case .function? = table.resolved(id) { return true }
    return false
  }
}
