import LayoutModel

/// The reason (one sentence) and remedy of a type change, and its affected members.
struct TypeChangeWording {
  var key: TypeKey
  var comparison: AggregateComparison
  var through: [(key: TypeKey, member: String)]
  var severity: SafetyChange.Severity
  var oldMembers: [FlatMember] { comparison.oldMembers }
  var newMembers: [FlatMember] { comparison.newMembers }

  var change: SafetyChange {
    SafetyChange(
      entity: .type, name: key.name, kind: key.kind, severity: severity, reason: reason,
      remedy: remedy,
      old: .init(size: comparison.oldSize, members: affected(oldMembers)),
      new: .init(size: comparison.newSize, members: affected(newMembers)),
      through: through.isEmpty ? nil : through.map(\.key.description))
  }

  /// Members that changed, were added, removed or renamed, or embed a changed type.
  private var affectedKeys: Set<String> {
    var keys = Set(comparison.changed.map(\.new.key))
    keys.formUnion(comparison.removed.map(\.key))
    keys.formUnion(comparison.added.map(\.member.key))
    keys.formUnion(comparison.renamed.flatMap { [$0.old.key, $0.new.key] })
    keys.formUnion(through.map(\.member))
    return keys
  }

  private func affected(_ members: [FlatMember]) -> [MemberPosition] {
    let keys = affectedKeys
    return members.filter { keys.contains($0.key) }.map(\.position)
  }

  var reason: String {
    let c = comparison
    var parts: [String] = []
    for (m, placement) in c.added {
      switch placement {
      case .outside: parts.append("\(m.key) added at offset \(m.bitOffset / 8)")
      case .unusedBytes:
        parts.append("\(m.key) added into \(unusedKind(m)) at offset \(m.bitOffset / 8)")
      case .aliasing: parts.append("\(m.key) added over the union's existing members")
      }
    }
    for m in c.removed { parts.append("\(m.key) removed") }
    for r in c.renamed { parts.append("\(r.old.key) renamed to \(r.new.key)") }
    var moved: [AggregateComparison.Changed] = []
    for m in c.changed {
      if m.onlyRespelled {
        parts.append(
          "\(m.new.key) changed type from \(m.old.typeName) to \(m.new.typeName), stored the same way on this target"
        )
      } else if m.retyped {
        parts.append("\(m.new.key) changed type from \(m.old.typeName) to \(m.new.typeName)")
      } else if m.resized {
        parts.append("\(m.new.key) resized from \(Self.width(m.old)) to \(Self.width(m.new))")
      } else {
        moved.append(m)
      }
    }
    if moved.count == 1, let m = moved.first {
      parts.append("\(m.new.key) moved from \(Self.position(m.old)) to \(Self.position(m.new))")
    } else if moved.count > 1 {
      parts.append("\(moved.count) members moved (\(moved.map(\.new.key).joined(separator: ", ")))")
    }
    for t in through {
      parts.append("embeds \(t.key.description) (member \(t.member)), which changed")
    }
    let head: String
    if c.oldSize < c.newSize {
      head = "grew from \(c.oldSize) to \(c.newSize) bytes"
    } else if c.oldSize > c.newSize {
      head = "shrank from \(c.oldSize) to \(c.newSize) bytes"
    } else if severity == .warning && through.isEmpty {
      head = "keeps its size and every member's offset"
    } else {
      head = "keeps its size of \(c.newSize) bytes but changed inside"
    }
    return "\(key.description) \(head): " + parts.joined(separator: "; ") + "."
  }

  /// A hole between members, or the tail padding after the last old one.
  private func unusedKind(_ m: FlatMember) -> String {
    let lastEnd = oldMembers.compactMap { o in o.bitLength.map { o.bitOffset &+ $0 } }.max() ?? 0
    let bits = m.bitFieldSize != nil
    if m.bitOffset >= lastEnd {
      return bits ? "unused bits of the tail padding" : "the tail padding"
    }
    return bits ? "a bit hole" : "a hole"
  }

  var remedy: String {
    let c = comparison
    if severity == .unsafe {
      if let inner = through.first, c.oldSize == c.newSize, c.removed.isEmpty, c.added.isEmpty,
        c.changed.allSatisfy({ m in through.contains { $0.member == m.new.key } })
      {
        return
          "Keep the old layout of \(inner.key.description), which every \(key.description) holds by value, and attach the new data to the object with a shadow variable (klp_shadow_get_or_alloc())."
      }
      if let inner = through.first {
        return
          "Keep the old layouts of \(inner.key.description) and \(key.description), which holds it by value, and move the new data into a shadow variable (klp_shadow_get_or_alloc()): instances made before the patch, and unpatched code, keep the old offsets."
      }
      return
        "Keep the old layout of \(key.description) and move the new data into a shadow variable (klp_shadow_get_or_alloc()): instances made before the patch, and unpatched code, keep the old offsets."
    }
    if !through.isEmpty {
      return
        "Check the change to \(through.map(\.key.description).joined(separator: ", ")) as that type's own report says; \(key.description) holds it by value."
    }
    if c.added.contains(where: { $0.placement == .aliasing }) {
      return
        "Unpatched code does not know the new member overlays the union's other members: make sure writing it cannot corrupt them, or keep the data in a shadow variable."
    }
    if !c.changed.isEmpty {
      return
        "Every byte keeps its meaning on this target: check that no code relies on the new type's range on targets where the sizes differ."
    }
    if !c.added.isEmpty {
      return
        "Instances made before the patch, and by unpatched code, hold unspecified bytes where the new member is: make the patched code work without it (treat it as unset until the patch writes it) or keep the data in a shadow variable (klp_shadow_get_or_alloc())."
    }
    return
      "The bytes are unchanged: check that old and new code agree on what the renamed member holds."
  }

  static func width(_ m: FlatMember) -> String {
    if let bits = m.bitFieldSize { return "\(bits) bits" }
    return m.byteSize.map { "\($0) bytes" } ?? "unknown size"
  }

  static func position(_ m: FlatMember) -> String {
    m.bitFieldSize != nil ? "bit \(m.bitOffset)" : "offset \(m.bitOffset / 8)"
  }
}

/// Reasons and remedies of the other entities.
enum Wording {
  static func size(_ s: UInt64?) -> String { s.map { "\($0) bytes" } ?? "unknown size" }

  static func variable(
    name: String, oldType: String, newType: String, oldSize: UInt64?, newSize: UInt64?,
    respelled: Bool
  ) -> SafetyChange {
    let what =
      oldType != newType
      ? "changed type from \(oldType) (\(size(oldSize))) to \(newType) (\(size(newSize)))"
      : "changed size from \(size(oldSize)) to \(size(newSize)) (its type \(newType) changed)"
    // An array's bound alone (`int [3]` to `int [5]`) is a change of size.
    let change: SafetyChange.VariableChange =
      withoutBounds(oldType) == withoutBounds(newType) ? .size : .type
    if respelled {
      return SafetyChange(
        entity: .variable, name: name, change: change, severity: .warning,
        reason:
          "\(name) \(what), which this target stores the same way, so the running kernel's variable still reads correctly.",
        remedy:
          "Check that no code relies on the new type's range on other targets, where the sizes may differ.",
        old: .init(size: oldSize, type: oldType), new: .init(size: newSize, type: newType))
    }
    return SafetyChange(
      entity: .variable, name: name, change: change, severity: .unsafe,
      reason:
        "\(name) \(what), but the running kernel keeps the original variable with the original type.",
      remedy:
        "Keep the type of \(name); put the new state in a new variable of the patch or in a shadow variable (klp_shadow_get_or_alloc()) attached to it.",
      old: .init(size: oldSize, type: oldType), new: .init(size: newSize, type: newType))
  }

  /// A type's spelling with every array bound left out.
  static func withoutBounds(_ type: String) -> String {
    var out = ""
    var inBound = false
    for c in type {
      if c == "[" { inBound = true } else if c == "]" { inBound = false }
      if !inBound || c == "[" { out.append(c) }
    }
    return out
  }

  static func function(name: String, old: Prototype, new: Prototype, external: Bool) -> SafetyChange
  {
    var what: [String] = []
    if old.returns != new.returns {
      what.append("its return type changed from \(old.returns) to \(new.returns)")
    }
    if old.parameters != new.parameters || old.variadic != new.variadic {
      what.append("its parameters changed")
    }
    let callers =
      external
      ? "callers outside the patch" : "callers in the same file that the patch does not replace"
    return SafetyChange(
      entity: .function, name: name, severity: .unsafe,
      reason:
        "\(name): \(what.joined(separator: " and ")), so \(callers) would call it with the original prototype.",
      remedy:
        "Patch every caller of \(name) in the same livepatch, or keep the original prototype and add a new function for the new one.",
      old: .init(prototype: old.spelled(name)), new: .init(prototype: new.spelled(name)))
  }

  /// The enumerators of one enum whose values changed, in their new order.
  static func enumerators(
    _ shifted: [(old: EnumeratorEntity, new: EnumeratorEntity)]
  ) -> SafetyChange {
    let (old, new) = shifted[0]
    let type =
      new.enumName.map { TypeKey(name: $0, kind: .enumeration).spelling } ?? "an anonymous enum"
    let reason: String
    if shifted.count == 1 {
      reason =
        "\(new.name) (\(type)) changed value from \(old.value) to \(new.value), but code outside the patch was compiled with the original value."
    } else {
      let list = shifted.map { "\($0.new.name) \($0.old.value) → \($0.new.value)" }
      reason =
        "\(shifted.count) enumerators of \(type) changed value (\(list.joined(separator: ", "))), but code outside the patch was compiled with the original values."
    }
    var change = SafetyChange(
      entity: .enumerator, name: new.name, severity: .unsafe, reason: reason,
      remedy:
        "Keep the values of existing enumerators: add new ones after the last (or give them unused values).",
      old: .init(
        type: old.enumName.map { TypeKey(name: $0, kind: .enumeration).spelling }, value: old.value),
      new: .init(
        type: new.enumName.map { TypeKey(name: $0, kind: .enumeration).spelling }, value: new.value)
    )
    change.enumerators = shifted.map {
      SafetyChange.EnumeratorShift(name: $0.new.name, old: $0.old.value, new: $0.new.value)
    }
    return change
  }
}
