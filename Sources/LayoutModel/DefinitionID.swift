/// A stable identity for one definition of a struct or union: a hash of everything its
/// layout shows (kind, name, size, alignment, and per member the name, bit position,
/// width, alignment and type spelling, anonymous member types by their contents).
///
/// The kernel defines several different `struct irq_info`; the name alone cannot say
/// which one a JSON entry, a baseline or a diff means, this can. The same source
/// compiled again gets the same id; any change a reader could see gives another.
public enum DefinitionID {
  /// 16 hex digits (FNV-1a, 64 bits: the same on every run and host, unlike `Hasher`).
  public static func of(_ a: AggregateType, table: TypeTable) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in canonical(a, table: table, naming: TypeNaming(table: table), depth: 0).utf8 {
      hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
    }
    let hex = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
  }

  private static func canonical(
    _ a: AggregateType, table: TypeTable, naming: TypeNaming, depth: Int
  ) -> String {
    var text =
      "\(a.kind.rawValue) \(a.name ?? "") \(a.byteSize.map(String.init) ?? "?") \(a.explicitAlignment ?? 0) {"
    for m in a.members {
      text +=
        "\(m.name ?? "") \(m.bitOffset) \(m.bitFieldSize ?? 0) \(m.explicitAlignment ?? 0) \(naming.name(of: m.type))"
      // `struct {...}` says nothing about the anonymous type's contents: spell them.
      if depth < 16, let inner = anonymousAggregate(behind: m.type, table: table) {
        text += " " + canonical(inner, table: table, naming: naming, depth: depth + 1)
      }
      text += ";"
    }
    return text + "}"
  }

  private static func anonymousAggregate(behind id: TypeID, table: TypeTable) -> AggregateType? {
    var current: TypeID? = id
    for _ in 0..<8 {
      guard let c = current, let type = table[c] else { return nil }
      switch type {
      case .qualified(_, let target): current = target
      case .array(let element, _): current = element
      case .pointer(let target, _): current = target
      case .aggregate(let a): return a.name == nil ? a : nil
      default: return nil
      }
    }
    return nil
  }
}
