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
    of(a, naming: TypeNaming(table: table))
  }

  /// The same with `naming`'s spellings (one `TypeNaming` for many definitions spells
  /// each member type once).
  public static func of(_ a: AggregateType, naming: TypeNaming) -> String {
    var hash = FNV1a()
    var budget = anonymousMemberBudget
    canonical(a, table: naming.table, naming: naming, depth: 0, budget: &budget, into: &hash)
    let hex = String(hash.value, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
  }

  /// The most members of anonymous types one definition's text spells (a kernel's
  /// largest, `union bpf_attr`, has 214). C gives each anonymous type one parent, but a
  /// hostile file can give one to every member of another, nested, and the text then
  /// grows exponentially; past the budget an anonymous type is hashed by a mark.
  static let anonymousMemberBudget = 4096

  /// Hashes the canonical text of `a` (`kind name size alignment {member;…}`), a piece
  /// at a time: the text itself is never built.
  private static func canonical(
    _ a: AggregateType, table: TypeTable, naming: TypeNaming, depth: Int, budget: inout Int,
    into hash: inout FNV1a
  ) {
    hash.add(a.kind.rawValue)
    hash.add(" ")
    hash.add(a.name ?? "")
    hash.add(" ")
    if let size = a.byteSize { hash.add(size) } else { hash.add("?") }
    hash.add(" ")
    hash.add(a.explicitAlignment ?? 0)
    hash.add(" {")
    for m in a.members {
      hash.add(m.name ?? "")
      hash.add(" ")
      hash.add(m.bitOffset)
      hash.add(" ")
      hash.add(m.bitFieldSize ?? 0)
      hash.add(" ")
      hash.add(m.explicitAlignment ?? 0)
      hash.add(" ")
      hash.add(naming.name(of: m.type))
      // `struct {...}` says nothing about the anonymous type's contents: spell them.
      if depth < 16, let inner = anonymousAggregate(behind: m.type, table: table) {
        hash.add(" ")
        budget -= inner.members.count
        if budget < 0 {
          hash.add("{...}")
        } else {
          canonical(
            inner, table: table, naming: naming, depth: depth + 1, budget: &budget, into: &hash)
        }
      }
      hash.add(";")
    }
    hash.add("}")
  }

  /// FNV-1a over UTF-8 bytes, fed in pieces.
  private struct FNV1a {
    var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ text: String) {
      for byte in text.utf8 { add(byte: byte) }
    }

    /// The decimal digits of `n`, as `String(n)` spells them.
    mutating func add(_ n: UInt64) {
      var divisor: UInt64 = 1
      while n / divisor >= 10 { divisor *= 10 }
      while divisor > 0 {
        add(byte: UInt8(truncatingIfNeeded: (n / divisor) % 10) + 0x30)
        divisor /= 10
      }
    }

    private mutating func add(byte: UInt8) {
      value = (value ^ UInt64(byte)) &* 0x100_0000_01b3
    }
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
