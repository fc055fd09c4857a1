import LayoutModel

/// Anonymous types pahole prints in place of a member's type: a struct or union inline
/// (`union { … } u;`, or behind qualifiers, or named ones with `--expand`), an
/// anonymous enum with its enumerators, and those reached through an array or a
/// pointer (`struct { … } vlan[2];`).
extension LayoutTextRenderer {
  /// A member whose type is not a plain line (`MemberShape.plain`) with the anonymous
  /// type shown inline or through a declarator; false, with nothing written, when the
  /// member is a plain line after all (a bit field of such a type).
  func shownInline(
    _ m: MemberPlacement, base: UInt64, level: Int, slot: Slot, context: inout Context,
    cacheline: inout UInt64, align: String, into out: inout TextLines
  ) -> Bool {
    let indent = tabs(level)
    let offset = base + m.byteOffset
    let width = typeWidth(level) - context.widthAdjust
    let total = width + 1 + (context.narrow ? 20 : 22)
    if !m.isBitField, let (nested, qualifiers, typedefs) = inlineAggregate(m.type) {
      out.line(
        indent + typedefs + qualifiers + naming.heading(of: nested).trimmingTrailingSpaces() + " {")
      let layout = facts.layout(nested, cachelineSize: context.cachelineSize)
      let outerAdjust = context.widthAdjust
      context.widthAdjust += qualifiers.count
      let notes = body(
        layout, base: context.relative ? 0 : offset, level: level + 1, context: &context,
        cacheline: &cacheline, into: &out)
      context.widthAdjust = outerAdjust
      if !qualifiers.isEmpty {
        // pahole prints a qualified anonymous aggregate as if it were outermost:
        // with its summary, and a one-space closing.
        summary(layout, paddingNotes: notes, indent: indent + "\t", into: &out)
        out.line(indent + "}" + (m.name.map { " " + $0 } ?? "") + "; " + position(offset, m))
        return true
      }
      // A struct's own attributes go before the member's name, the member's alignment
      // after it; pahole pads the comment by the name, the member's alignment and an
      // inferred `__packed__`, not by the type's `__aligned__`.
      let isStruct = nested.kind != .union
      let closing =
        "}" + (isStruct ? attributes(layout) : "") + (m.name.map { " " + $0 } ?? "") + align + ";"
      let counted =
        (m.name?.count ?? -1) + align.count
        + (isStruct && layout.isPacked ? Self.packedAttribute.count : 0)
      out.line(indent + closing + printfWidth(total - counted - 3) + position(offset, m))
      return true
    }
    if case .enumeration(nil, let size, let enumerators)? = table[m.type], !enumerators.isEmpty {
      out.line(indent + "enum {")
      for line in enumeratorLines(enumerators, level: level) { out.line(line) }
      let closing =
        "}" + (size != 4 ? Self.packedAttribute : "") + (m.name.map { " " + $0 } ?? "")
        + (m.bitFieldSize.map { ":\($0)" } ?? "") + align + ";"
      out.line(
        indent + closing + printfWidth(total - (m.name?.count ?? -1) - align.count - 3)
          + position(offset, m))
      return true
    }
    if let shown = anonymousThroughDeclarator(
      m, slot: slot, level: level, base: base, context: context, cacheline: &cacheline)
    {
      // pahole pads by everything it printed for the member, the inner lines included,
      // so in practice one space.
      let printed = shown.reduce(0) { $0 + $1.count + 1 } - 1 + align.count + 1
      for (i, line) in shown.dropLast().enumerated() { out.line(i == 0 ? indent + line : line) }
      out.line((shown.last ?? "") + align + ";" + spaces(total - printed) + position(offset, m))
      return true
    }
    return false
  }

  /// The lines of an anonymous enum's body, as pahole's `enumeration__fprintf` prints
  /// them: names padded to the longest, one per line, one level deeper (lengths in
  /// bytes, as its `%-*s` counts).
  func enumeratorLines(_ enumerators: [Enumerator], level: Int) -> [String] {
    let longest = enumerators.map(\.name.utf8.count).max() ?? 0
    let inner = tabs(level + 1)
    return enumerators.map { e in
      let value =
        options.hex && e.bits != 0 ? "0x" + String(e.bits, radix: 16) : e.value.description
      let padding = String(repeating: " ", count: longest - e.name.utf8.count)
      return inner + e.name + padding + " = " + value + ","
    }
  }

  /// An anonymous struct, union or enum reached through an array or a pointer, which
  /// pahole expands in place (`struct { … } vlan[2];`, `union { … } * ptr;`): the lines
  /// without the member's indentation on the first and without the final `;`, which
  /// pahole counts whole when it pads the offset comment. The
  /// members of a pointed-to type show its own offsets, one column step narrower.
  func anonymousThroughDeclarator(
    _ m: MemberPlacement, slot: Slot, level: Int, base: UInt64, context: Context,
    cacheline: inout UInt64
  ) -> [String]? {
    guard let (current, arrayCounts, throughPointer) = anonymousBehindDeclarator(m.type) else {
      return nil
    }
    let suffix = (throughPointer ? "* " : "") + (m.name ?? "")
    let bounds =
      arrayCounts.map { counts in
        zeroLengthBounds(
          counts.map { "[\($0.map(String.init) ?? "0")]" }.joined(), slot: slot, context: context)
      } ?? ""
    let indent = tabs(level)
    var inner = context
    var lines: [String]
    switch table[current] {
    case .aggregate(let a)? where a.name == nil && !a.isDeclaration:
      let layout = facts.layout(a, cachelineSize: context.cachelineSize)
      var body = TextLines()
      body.line(a.kind.rawValue + " {")
      if throughPointer {
        inner.widthAdjust += 8
        inner.relative = true
      }
      _ = self.body(
        layout, base: inner.relative ? 0 : base + m.byteOffset, level: level + 1, context: &inner,
        cacheline: &cacheline, into: &body)
      lines = body.lines
      let isStruct = a.kind != .union
      let packed = isStruct && layout.isPacked ? Self.packedAttribute : ""
      let aligned =
        isStruct && !layout.isPacked
        ? layout.explicitAlignment.map { " __attribute__((__aligned__(\($0))))" } ?? "" : ""
      lines.append(indent + "}" + packed + " " + suffix + aligned + bounds)
    case .enumeration(nil, let size, let enumerators)? where !enumerators.isEmpty:
      lines = ["enum {"] + enumeratorLines(enumerators, level: level)
      lines.append(indent + "}" + (size != 4 ? Self.packedAttribute : "") + " " + suffix + bounds)
    default:
      return nil
    }
    return lines
  }

  /// The anonymous struct, union or enum behind an array or a pointer (or both) that
  /// pahole expands in place, with the array's bounds and whether a pointer leads there.
  func anonymousBehindDeclarator(
    _ type: TypeID
  ) -> (type: TypeID, counts: [UInt64?]?, throughPointer: Bool)? {
    // Asked for each member line: the types are read in place (`TypeTable.withType`),
    // and the bounds copied out only for a type that is expanded.
    var current = type
    var throughPointer = false
    let element = table.arrayElement(of: current)
    if let element { current = element }
    if let target = table.pointerTarget(of: current) {
      current = target
      throughPointer = true
    }
    guard current != type else { return nil }
    // Only anonymous types are expanded.
    let anonymous = table.withType(current) { type in
      switch type.pointee {
      case .aggregate(let a)? where a.name == nil && !a.isDeclaration: true
      case .enumeration(nil, _, let enumerators)? where !enumerators.isEmpty: true
      default: false
      }
    }
    guard anonymous else { return nil }
    var arrayCounts: [UInt64?]?
    if element != nil, case .array(_, let counts)? = table[type] { arrayCounts = counts }
    return (current, arrayCounts, throughPointer)
  }

  /// The budget of a type's printout: what `shownInline` prints in place for a member.
  var expansionBudget: ExpansionBudget {
    ExpansionBudget { m in printedInPlace(m) }
  }

  /// What `shownInline` prints in place for `m`: the members of a struct or union, the
  /// lines of an anonymous enum; nil for a plain line.
  func printedInPlace(_ m: Member) -> (members: [Member], lines: Int)? {
    guard !shape(of: m.type).plain else { return nil }
    if !m.isBitField, let (nested, _, _) = inlineAggregate(m.type) { return (nested.members, 1) }
    var current = m.type
    if let (behind, _, _) = anonymousBehindDeclarator(m.type) { current = behind }
    switch table[current] {
    case .aggregate(let a)? where a.name == nil && !a.isDeclaration: return (a.members, 1)
    case .enumeration(nil, _, let enumerators)? where !enumerators.isEmpty:
      return ([], enumerators.count + 1)
    default: return nil
    }
  }

  /// A placed member as the model's member, for `ExpansionBudget`.
  static func member(_ m: MemberPlacement) -> Member {
    Member(
      name: m.name, type: m.type, bitOffset: m.bitOffset, bitFieldSize: m.bitFieldSize,
      explicitAlignment: m.explicitAlignment)
  }

  /// Anonymous aggregates are always shown inline (after any qualifiers, as in
  /// `const struct {`); named ones, through typedefs, with `--expand`. Returns the
  /// qualifier prefix and the typedef comments too.
  func inlineAggregate(_ type: TypeID) -> (AggregateType, String, String)? {
    var qualifiers = ""
    var typedefs = ""
    var current: TypeID? = type
    let expand = options.expand
    for _ in 0..<8 {
      guard let id = current else { return nil }
      // Asked for each member line, and most are shown plain: the type is read in place
      // (`TypeTable.withType`) and copied out only when it is shown here.
      let step = table.withType(id) { type -> InlineStep in
        switch type.pointee {
        case .qualified(let q, let target)?: return .qualifier(q, target)
        case .typedef(_, let target)? where expand: return .typedef(target)
        case .aggregate(let a)? where a.name == nil || expand: return .shown
        default: return .plain
        }
      }
      switch step {
      case .qualifier(let q, let target):
        qualifiers += q.rawValue + " "
        current = target
      case .typedef(let target):
        // As `pahole -E`: the typedef is named in a comment before the body.
        guard case .typedef(let name, _)? = table[id] else { return nil }
        typedefs += "/* typedef \(name) */ "
        current = target
      case .shown:
        guard case .aggregate(let a)? = table[id] else { return nil }
        return (a, qualifiers, typedefs)
      case .plain:
        return nil
      }
    }
    return nil
  }

  /// One step of `inlineAggregate`'s walk.
  private enum InlineStep {
    case qualifier(Qualifier, TypeID?)
    case typedef(TypeID?)
    case shown
    case plain
  }
}
