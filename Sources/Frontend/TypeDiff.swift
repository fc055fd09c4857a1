import LayoutModel
import ReportSchema

/// One side of a comparison: named layouts and the table that names their types.
public struct LayoutSet: Sendable {
  public var layouts: [TypeKey: StructLayout]
  public var table: TypeTable

  /// Keyed by kind and name, with compiler-made suffixes normalized.
  public init(layouts: [StructLayout], table: TypeTable) {
    var byName: [TypeKey: StructLayout] = [:]
    for layout in layouts {
      guard let name = layout.name else { continue }
      let key = TypeKey(layout.kind, TypeDiff.normalized(name))
      if byName[key] == nil { byName[key] = layout }
    }
    self.layouts = byName
    self.table = table
  }
}

/// Compares the layouts of two builds, type by type and member by member.
public enum TypeDiff {
  /// Names that differ only by what the compiler made up are the same type:
  /// `__UNIQUE_ID_foo123` and `__UNIQUE_ID_foo456`, `x.constprop.0` and `x.constprop.3`.
  public static func normalized(_ name: String) -> String {
    var result = name
    for marker in [".constprop.", ".isra.", ".part.", ".cold.", ".llvm."] {
      if let r = result.range(of: marker) { result = String(result[..<r.lowerBound]) + marker.dropLast() }
    }
    if result.hasPrefix("__UNIQUE_ID_") {
      while let last = result.last, last.isNumber { result.removeLast() }
    }
    return result
  }

  /// Every type added, removed or changed, sorted by name.
  public static func compare(_ old: LayoutSet, _ new: LayoutSet) -> [TypeChange] {
    let names = Set(old.layouts.keys).union(new.layouts.keys).sorted()
    return names.compactMap { name in
      let o = old.layouts[name]
      let n = new.layouts[name]
      switch (o, n) {
      case (nil, let n?): return change(name, .added, nil, n, [])
      case (let o?, nil): return change(name, .removed, o, nil, [])
      case (let o?, let n?):
        let members = memberChanges(o, old.table, n, new.table)
        if o.size == n.size && members.isEmpty { return nil }
        let kind: TypeChange.Kind = n.size > o.size ? .grown : n.size < o.size ? .shrunk : .changed
        return change(name, kind, o, n, members)
      default: return nil
      }
    }
  }

  static func change(_ key: TypeKey, _ kind: TypeChange.Kind, _ o: StructLayout?, _ n: StructLayout?, _ members: [MemberChange]) -> TypeChange {
    TypeChange(
      name: key.name, kind: key.kind, change: kind, oldSize: o?.size, newSize: n?.size, members: members,
      oldHoleBytes: o?.holeBytes, newHoleBytes: n?.holeBytes, oldPaddingBytes: o?.padding, newPaddingBytes: n?.padding)
  }

  /// Members are matched by name; anonymous ones by their position among anonymous ones.
  static func memberChanges(_ o: StructLayout, _ ot: TypeTable, _ n: StructLayout, _ nt: TypeTable) -> [MemberChange] {
    let oldMembers = keyed(o)
    let newMembers = keyed(n)
    let oldNaming = TypeNaming(table: ot)
    let newNaming = TypeNaming(table: nt)
    let reordered = reorderedKeys(o, n, oldMembers, newMembers)
    var result: [MemberChange] = []
    for (key, m) in oldMembers where newMembers[key] == nil {
      result.append(describe(key, .removed, m, oldNaming, nil, newNaming))
    }
    for (key, m) in newMembers {
      guard let old = oldMembers[key] else {
        result.append(describe(key, .added, nil, oldNaming, m, newNaming))
        continue
      }
      let oldType = oldNaming.name(of: old.type)
      let newType = newNaming.name(of: m.type)
      if oldType != newType {
        result.append(describe(key, .retyped, old, oldNaming, m, newNaming))
      } else if old.byteSize != m.byteSize || old.bitFieldSize != m.bitFieldSize {
        result.append(describe(key, .resized, old, oldNaming, m, newNaming))
      } else if reordered.contains(key) {
        result.append(describe(key, .moved, old, oldNaming, m, newNaming))
      }
    }
    return result.sorted { ($0.newOffset ?? $0.oldOffset ?? 0, $0.name) < ($1.newOffset ?? $1.oldOffset ?? 0, $1.name) }
  }

  /// Members that changed places relative to the others: the fewest whose removal
  /// leaves the common members in the same order, preferring to keep members that
  /// stayed at their offset (so a member moved before another is the one reported).
  /// Offsets that shift because something was added before them are a consequence,
  /// not a change of their own, and are not reported.
  static func reorderedKeys(
    _ o: StructLayout, _ n: StructLayout, _ oldMembers: [String: MemberPlacement], _ newMembers: [String: MemberPlacement]
  ) -> Set<String> {
    let oldOrder = orderedKeys(o).filter { newMembers[$0] != nil }
    let newIndex = Dictionary(orderedKeys(n).enumerated().map { ($1, $0) }) { a, _ in a }
    let positions = oldOrder.map { newIndex[$0] ?? 0 }
    let weights = oldOrder.map { oldMembers[$0]?.bitOffset == newMembers[$0]?.bitOffset ? 3 : 2 }
    let kept = heaviestIncreasing(positions, weights: weights)
    return Set(oldOrder.enumerated().filter { !kept.contains($0.offset) }.map(\.element))
  }

  /// Indices of the heaviest strictly increasing subsequence (quadratic: member lists
  /// are short).
  static func heaviestIncreasing(_ values: [Int], weights: [Int]) -> Set<Int> {
    var best = weights
    var previous = [Int](repeating: -1, count: values.count)
    for i in values.indices {
      for j in 0..<i where values[j] < values[i] && best[j] + weights[i] > best[i] {
        best[i] = best[j] + weights[i]
        previous[i] = j
      }
    }
    var result = Set<Int>()
    var k = best.indices.max { best[$0] < best[$1] } ?? -1
    while k >= 0 {
      result.insert(k)
      k = previous[k]
    }
    return result
  }

  static func orderedKeys(_ layout: StructLayout) -> [String] {
    var anonymous = 0
    return layout.members.map { m in
      if let name = m.name { return name }
      defer { anonymous += 1 }
      return "<anonymous \(anonymous)>"
    }
  }

  static func keyed(_ layout: StructLayout) -> [String: MemberPlacement] {
    Dictionary(zip(orderedKeys(layout), layout.members)) { first, _ in first }
  }

  static func describe(
    _ name: String, _ kind: MemberChange.Kind, _ o: MemberPlacement?, _ on: TypeNaming, _ n: MemberPlacement?, _ nn: TypeNaming
  ) -> MemberChange {
    MemberChange(
      name: name, change: kind, oldType: o.map { on.name(of: $0.type) }, newType: n.map { nn.name(of: $0.type) },
      oldOffset: o?.byteOffset, newOffset: n?.byteOffset, oldSize: o?.byteSize, newSize: n?.byteSize,
      oldBitSize: o?.bitFieldSize, newBitSize: n?.bitFieldSize)
  }
}
