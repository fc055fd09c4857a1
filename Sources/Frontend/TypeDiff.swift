import LayoutModel
import ReportSchema

/// One side of a comparison: named layouts and the table that names their types.
public struct LayoutSet: Sendable {
  /// Every distinct definition of each name, in file order.
  public var layouts: [TypeKey: [StructLayout]]
  public var table: TypeTable

  /// Keyed by kind and name, with compiler-made suffixes normalized.
  public init(layouts: [StructLayout], table: TypeTable) {
    var byName: [TypeKey: [StructLayout]] = [:]
    for layout in layouts {
      guard let name = layout.name else { continue }
      byName[TypeKey(layout.kind, TypeDiff.normalized(name)), default: []].append(layout)
    }
    self.layouts = byName
    self.table = table
  }
}

/// Which definition of a name is compared with which, when a name has several (the
/// kernel has several different `struct irq_info`). Never a guess:
/// 1. definitions with the same `DefinitionID` are the same definition (unchanged);
/// 2. if one definition is left on each side, it is the same type, changed;
/// 3. else those left whose member names (in order) match exactly one on the other
///    side pair up;
/// 4. anything still left is reported removed or added, not compared with a stranger.
public enum DefinitionPairing {
  public static func pair<T, U>(
    _ old: [T], _ new: [U], id: (T) -> String?, newID: (U) -> String?, names: (T) -> [String],
    newNames: (U) -> [String]
  ) -> (pairs: [(T, U)], removed: [T], added: [U]) {
    var oldLeft = Array(old.indices)
    var newLeft = Array(new.indices)
    var pairs: [(Int, Int)] = []
    for i in oldLeft {
      guard let key = id(old[i]), let j = newLeft.first(where: { newID(new[$0]) == key }) else {
        continue
      }
      pairs.append((i, j))
      newLeft.removeAll { $0 == j }
    }
    oldLeft.removeAll { i in pairs.contains { $0.0 == i } }
    if oldLeft.count == 1 && newLeft.count == 1 {
      pairs.append((oldLeft[0], newLeft[0]))
      oldLeft = []
      newLeft = []
    }
    for i in oldLeft {
      let candidates = newLeft.filter { newNames(new[$0]) == names(old[i]) }
      let rivals = oldLeft.filter { names(old[$0]) == names(old[i]) }
      guard candidates.count == 1, rivals.count == 1 else { continue }
      pairs.append((i, candidates[0]))
      newLeft.removeAll { $0 == candidates[0] }
    }
    oldLeft.removeAll { i in pairs.contains { $0.0 == i } }
    return (
      pairs.sorted { $0.0 < $1.0 }.map { (old[$0.0], new[$0.1]) }, oldLeft.map { old[$0] },
      newLeft.map { new[$0] }
    )
  }

  /// Pairs layouts of one name.
  public static func pair(
    _ old: [StructLayout], _ new: [StructLayout]
  ) -> (pairs: [(StructLayout, StructLayout)], removed: [StructLayout], added: [StructLayout]) {
    pair(
      old, new, id: \.definitionID, newID: \.definitionID, names: memberNames, newNames: memberNames
    )
  }

  static func memberNames(_ layout: StructLayout) -> [String] {
    layout.members.map { $0.name ?? "" }
  }
}

/// Compares the layouts of two builds, type by type and member by member.
public enum TypeDiff {
  /// Names that differ only by what the compiler made up are the same type:
  /// `__UNIQUE_ID_foo123` and `__UNIQUE_ID_foo456`, `x.constprop.0` and `x.constprop.3`.
  public static func normalized(_ name: String) -> String {
    var result = name
    for marker in [".constprop.", ".isra.", ".part.", ".cold.", ".llvm."] {
      if let r = result.firstRange(of: marker) {
        result = String(result[..<r.lowerBound]) + marker.dropLast()
      }
    }
    if result.hasPrefix("__UNIQUE_ID_") {
      while let last = result.last, last.isNumber { result.removeLast() }
    }
    return result
  }

  /// Every type added, removed or changed, sorted by name.
  public static func compare(_ old: LayoutSet, _ new: LayoutSet) -> [TypeChange] {
    let names = Set(old.layouts.keys).union(new.layouts.keys).sorted()
    var result: [TypeChange] = []
    for name in names {
      let (pairs, removed, added) = DefinitionPairing.pair(
        old.layouts[name] ?? [], new.layouts[name] ?? [])
      let several = (old.layouts[name]?.count ?? 0) > 1 || (new.layouts[name]?.count ?? 0) > 1
      for (o, n) in pairs {
        let members = memberChanges(o, old.table, n, new.table)
        if o.size == n.size && members.isEmpty { continue }
        let kind: TypeChange.Kind = n.size > o.size ? .grown : n.size < o.size ? .shrunk : .changed
        result.append(change(name, kind, o, n, members, identify: several))
      }
      result += removed.map { change(name, .removed, $0, nil, [], identify: several) }
      result += added.map { change(name, .added, nil, $0, [], identify: several) }
    }
    return result
  }

  /// A change; `identify` adds the definition ids, for names with several definitions.
  static func change(
    _ key: TypeKey, _ kind: TypeChange.Kind, _ o: StructLayout?, _ n: StructLayout?,
    _ members: [MemberChange], identify: Bool = false
  ) -> TypeChange {
    var change = TypeChange(
      name: key.name, kind: key.kind, change: kind, oldSize: o?.size, newSize: n?.size,
      members: members,
      oldHoleBytes: o?.holeBytes, newHoleBytes: n?.holeBytes, oldPaddingBytes: o?.padding,
      newPaddingBytes: n?.padding)
    if identify {
      change.oldDefinition = o?.definitionID
      change.newDefinition = n?.definitionID
    }
    return change
  }

  /// Members are matched by name; anonymous ones by their position among anonymous ones.
  static func memberChanges(
    _ o: StructLayout, _ ot: TypeTable, _ n: StructLayout, _ nt: TypeTable
  ) -> [MemberChange] {
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
    return result.sorted {
      ($0.newOffset ?? $0.oldOffset ?? 0, $0.name) < ($1.newOffset ?? $1.oldOffset ?? 0, $1.name)
    }
  }

  /// Members that changed places relative to the others: the fewest whose removal
  /// leaves the common members in the same order, preferring to keep members that
  /// stayed at their offset (so a member moved before another is the one reported).
  /// Offsets that shift because something was added before them are a consequence,
  /// not a change of their own, and are not reported.
  static func reorderedKeys(
    _ o: StructLayout, _ n: StructLayout, _ oldMembers: [String: MemberPlacement],
    _ newMembers: [String: MemberPlacement]
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
    _ name: String, _ kind: MemberChange.Kind, _ o: MemberPlacement?, _ on: TypeNaming,
    _ n: MemberPlacement?, _ nn: TypeNaming
  ) -> MemberChange {
    MemberChange(
      name: name, change: kind, oldType: o.map { on.name(of: $0.type) },
      newType: n.map { nn.name(of: $0.type) },
      oldOffset: o?.byteOffset, newOffset: n?.byteOffset, oldSize: o?.byteSize,
      newSize: n?.byteSize,
      oldBitSize: o?.bitFieldSize, newBitSize: n?.bitFieldSize)
  }
}
