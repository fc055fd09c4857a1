import LayoutModel

/// How wide pahole makes the type column of one member line, beyond the width of its
/// nesting level (the spellings that run past or fall short of it), and the printf-like
/// padding the text renderer's files share.
extension LayoutTextRenderer {
  /// pahole's `__tag__name` ends a `volatile` type with a space (`"%s%s%s "`), which
  /// shows when the name fills its column: `volatile long unsigned int  timeout;`.
  /// (`const` has its own branch in `type__fprintf`, without the space.)
  /// Each qualifier that `__tag__name` spells adds one (`volatile const long  x`).
  func qualifierSpaces(_ id: TypeID) -> Int {
    // Types read in place (`TypeTable.arrayElement` and the like): asked for each
    // member line.
    var current: TypeID? = table.arrayElement(of: id) ?? id
    var chain: [Qualifier] = []
    while let c = current, chain.count < 8, let (q, target) = table.qualifier(of: c) {
      chain.append(q)
      current = target
    }
    if let c = current, table.isPointer(c) { return 0 }
    let named = chain.drop { $0 == .const }
    return named.first == .volatile ? named.count : 0
  }

  /// pahole prints a named struct, union or enum as `"struct %-*s %s"` with the type
  /// column's width less the keyword (`MemberShape.column`): the keyword's columns with
  /// its space, 0 for other types.
  func keywordColumns(_ id: TypeID) -> Int {
    // Read in place, as `qualifierSpaces`.
    table.withType(table.arrayElement(of: id) ?? id) { type in
      switch type.pointee {
      case .aggregate(let a)? where a.name != nil: return a.kind.rawValue.count + 1
      case .enumeration(let name, _, _)? where name != nil: return 5
      default: return 0
      }
    }
  }
}

/// `1 byte`, `4 bytes`: pahole's counts.
func plural(_ n: UInt64, _ unit: String) -> String {
  n == 1 ? "1 \(unit)" : "\(n) \(unit)s"
}

/// `level` tabs (levels past the table are spelled afresh).
func tabs(_ level: Int) -> String {
  level >= 0 && level < indents.count ? indents[level] : run(of: 0x09, count: level)
}

private let indents = (0..<16).map { run(of: 0x09, count: $0) }

/// `count` copies of one ASCII byte (none when `count` is not positive), written
/// straight into the string's storage: `String(repeating: " ", count:)` appends a
/// one-character string at a time, 300 instructions a space, and a whole kernel's
/// inline types are padded with 70,000 of them.
func run(of byte: UInt8, count: Int) -> String {
  guard count > 0 else { return "" }
  return String(unsafeUninitializedCapacity: count) { buffer in
    buffer.initialize(repeating: byte)
    return count
  }
}

/// The number of decimal digits of `n`.
func decimalDigits(_ n: UInt64) -> Int {
  var digits = 1
  var rest = n
  while rest >= 10 {
    rest /= 10
    digits += 1
  }
  return digits
}

/// printf's `%*s` of one space with an unclamped width, as pahole passes it for an
/// inline anonymous type: a negative width left-justifies, so it is |width| spaces.
func printfWidth(_ width: Int) -> String {
  run(of: 0x20, count: max(abs(width), 1))
}

/// printf's `%*s` of one space: `width` spaces, or one when the width is used up.
func spaces(_ width: Int) -> String { run(of: 0x20, count: max(width, 1)) }

func pad(_ s: String, to width: Int) -> String {
  s.count >= width ? s + " " : s + run(of: 0x20, count: width - s.count)
}
