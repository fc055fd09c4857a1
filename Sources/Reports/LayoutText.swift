import LayoutModel
import ReportSchema

/// Options for pahole-style text.
public struct LayoutTextOptions: Sendable {
  /// Expand members whose type is a named struct or union, with absolute offsets.
  public var expand: Bool
  /// Print offsets and sizes in hexadecimal.
  public var hex: Bool
  /// Threads rendering a long list of types (each its own types, joined in order).
  public var jobs: Int

  public init(expand: Bool = false, hex: Bool = false, jobs: Int = ParallelChunks.defaultWorkers) {
    self.expand = expand
    self.hex = hex
    self.jobs = jobs
  }
}

/// Renders a `StructLayout` the way `pahole -C` does, in its vocabulary
/// (`/* XXX 4 bytes hole, try to pack */`, `/* size: 152, cachelines: 3, members: 12 */`),
/// so kernel developers can read it without a manual.
public struct LayoutTextRenderer {
  public let table: TypeTable
  public let options: LayoutTextOptions
  private let naming: TypeNaming
  /// Plain C spellings, for the unnamed bit fields pahole infers.
  let plainNaming: TypeNaming
  /// Layouts of inline types and alignments, worked out once per type for all the
  /// types rendered.
  let facts: LayoutFacts
  /// What a member line needs to know about its type beyond the spelling, once per type.
  let shapes: TypeMemo<MemberShape>

  /// Whether the types carry DWARF's `DW_AT_alignment` facts: pahole prints its
  /// `Force padding:` lines only then (BTF records no alignment).
  public var hasAlignmentInfo = true

  public init(table: TypeTable, options: LayoutTextOptions = .init()) {
    self.table = table
    self.options = options
    self.naming = TypeNaming(table: table, dropsConstOfZeroLengthElement: true)
    self.plainNaming = TypeNaming(table: table)
    self.facts = LayoutFacts(table: table)
    self.shapes = TypeMemo(table)
  }

  /// A renderer for the types of `document`: pahole prints `Force padding:` only from
  /// DWARF's alignment facts, which BTF does not record.
  init(_ document: LayoutDocument, options: LayoutTextOptions) {
    self.init(table: document.table, options: options)
    hasAlignmentInfo = document.typeSource != "btf"
  }

  /// The same renderer with memos of its own, for another thread (memos are classes
  /// filled as they go).
  func withOwnMemos() -> LayoutTextRenderer {
    var copy = LayoutTextRenderer(table: table, options: options)
    copy.hasAlignmentInfo = hasAlignmentInfo
    return copy
  }

  /// The text of every type of a `layout` document, as `pahole` prints them. Markdown
  /// puts each in a fenced C block under a heading.
  public static func render(
    _ document: LayoutDocument, options: LayoutTextOptions = .init(), markdown: Bool = false
  ) -> String {
    let btf = SourceLine.applies(document.typeSource)
    let renderer = LayoutTextRenderer(document, options: options)
    guard markdown else {
      var out = TextLines()
      if let debug = document.debugFile { out.line("/* DWARF from \(Escape.text(debug)) */") }
      if btf { out.line("/* \(SourceLine.btf) */") }
      LayoutListingText.render(document.items, renderer: renderer, into: &out)
      return out.text
    }
    var out = "## Layouts in \(Escape.code(document.file))\n\n"
    if let debug = document.debugFile { out += "DWARF from \(Escape.code(debug)).\n\n" }
    if btf { out += SourceLine.btf.prefix(1).uppercased() + SourceLine.btf.dropFirst() + ".\n\n" }
    for item in document.items {
      switch item {
      case .aggregate(let layout):
        out +=
          "### \(Escape.code(layout.kind.rawValue + " " + (layout.name ?? "(anonymous)")))\n\n```c\n"
          + renderer.render(layout) + "```\n\n"
      case .enumeration(let e):
        out +=
          "### \(Escape.code("enum " + e.name))\n\n```c\n" + LayoutListingText.render(e) + "```\n\n"
      }
    }
    return out
  }

  /// The full text of one type: heading, members, summary, closing brace.
  public func render(_ layout: StructLayout) -> String {
    var out = TextLines()
    render(layout, into: &out)
    return out.text
  }

  /// The same, after the lines already in `out`.
  func render(_ layout: StructLayout, into out: inout TextLines) {
    out.write(layout.kind.rawValue)
    if let name = layout.name {
      out.write(byte: UInt8(ascii: " "))
      out.write(name)
    }
    out.write(" {")
    out.endLine()
    var context = Context(
      narrow: layout.kind == .union, cachelineSize: layout.cachelineSize,
      inUnion: layout.kind == .union)
    var cacheline: UInt64 = 0
    let notes = body(
      layout, base: 0, level: 1, context: &context, cacheline: &cacheline, into: &out)
    // pahole 1.24 closes an outermost union with neither summary nor attributes; its
    // size is in the JSON output.
    if layout.kind == .union {
      out.line("};")
      return
    }
    summary(layout, paddingNotes: notes, into: &out)
    out.write(byte: UInt8(ascii: "}"))
    out.write(attributes(layout))
    out.write(byte: UInt8(ascii: ";"))
    out.endLine()
  }

  /// What stays the same while rendering one outermost type.
  private struct Context {
    /// pahole 1.24 prints everything inside an outermost union two columns narrower.
    var narrow: Bool
    /// Columns taken by a qualifier before an inline aggregate (`const struct {`), which
    /// pahole takes off the type column of its members.
    var widthAdjust = 0
    var cachelineSize: UInt64
    /// Inside a union at any depth: pahole never spells a zero-length array `[]` there.
    var inUnion = false
    /// Inside an anonymous type reached through a pointer: offsets are the type's own.
    var relative = false
  }

  /// Where a member sits among its siblings, for pahole's `[]`-or-`[0]` rule.
  private struct Slot {
    var isFirst: Bool
    var isLast: Bool
  }

  /// A struct's attributes after its closing brace. pahole prints `__packed__` alone
  /// when it infers packing: the alignment is then part of what packing means.
  private func attributes(_ layout: StructLayout) -> String {
    if layout.isPacked { return Self.packedAttribute }
    if let aligned = layout.explicitAlignment { return " __attribute__((__aligned__(\(aligned))))" }
    return ""
  }

  private static let packedAttribute = " __attribute__((__packed__))"

  private func memberAlignment(_ m: MemberPlacement) -> String {
    m.explicitAlignment.map { " __attribute__((__aligned__(\($0))))" } ?? ""
  }

  /// Members with their hole and padding comments; returns the tail paddings noted
  /// ("last struct has N bytes of padding"), which the summary counts.
  private func body(
    _ layout: StructLayout, base: UInt64, level: Int, context: inout Context,
    cacheline: inout UInt64, into out: inout TextLines
  ) -> [UInt64] {
    let indent = tabs(level)
    var notes: [UInt64] = []
    // Bits before the first member (a leading unnamed bit field, `unsigned char :4;`,
    // leaves no DIE) come first, then bytes, in one group as pahole prints them.
    var leading: [String] = []
    if layout.bitHoleBefore > 0 {
      leading.append("XXX \(plural(layout.bitHoleBefore, "bit")) hole, try to pack")
    }
    if layout.holeBefore > 0 {
      leading.append("XXX \(plural(layout.holeBefore, "byte")) hole, try to pack")
    }
    for (k, text) in leading.enumerated() {
      out.comment(indent, text, joinPrevious: k > 0, trailingBlank: k == leading.count - 1)
    }
    let unitSizes = lastUnitSizes(layout)
    for (i, m) in layout.members.enumerated() {
      let slot = Slot(isFirst: i == 0, isLast: i == layout.members.count - 1)
      var context = context
      if layout.kind == .union { context.inUnion = true }
      if layout.kind == .union {
        // Union members share an offset: pahole marks no boundary before them, and
        // what a member struct crosses is not carried to the next member or out.
        var scoped = cacheline
        member(
          m, base: base, level: level, slot: slot, context: &context, cacheline: &scoped, into: &out
        )
      } else {
        boundary(base + m.byteOffset, indent, &cacheline, context.cachelineSize, &out)
        member(
          m, base: base, level: level, slot: slot, context: &context, cacheline: &cacheline,
          into: &out)
      }
      // pahole notes a member struct's tail padding in structs only, not in unions,
      // and only when the member is declared with the struct itself, not a typedef.
      let direct = shape(of: m.type).direct
      let padding = layout.kind == .union || !direct ? 0 : layout.nestedPadding[i]
      if padding > 0 { notes.append(padding) }
      let next = i + 1 < layout.members.count ? layout.members[i + 1] : nil
      // Most members have nothing between them and the next: no comment to work out.
      if padding == 0 && layout.bitHoleAfter[i] == 0 && layout.holeAfter[i] == 0
        && (next.map { sharedUnit(m, $0, lastSize: unitSizes[i]) == nil } ?? true)
      {
        continue
      }
      let groups = separators(
        layout, after: i, next: next, padding: padding, lastSize: unitSizes[i],
        typeColumn: typeWidth(level) - context.widthAdjust)
      for group in groups {
        out.blank()
        for line in group {
          out.write(indent)
          out.line(line)
        }
      }
      // After the last member, what follows sets itself off: the summary opens with a
      // blank line, a nested type's closing brace comes right after the comments.
      if !groups.isEmpty && next != nil { out.blank() }
    }
    forcedPadding(layout, typeColumn: typeWidth(level) - context.widthAdjust, indent, into: &out)
    return notes
  }

  /// The type column's width at a nesting level (negative deep down: then the type and
  /// name run together with one space).
  private func typeWidth(_ level: Int) -> Int { 26 - 8 * (level - 1) }

  private func boundary(
    _ offset: UInt64, _ indent: String, _ cacheline: inout UInt64, _ size: UInt64,
    _ out: inout TextLines
  ) {
    let line = offset / size
    guard line > cacheline else { return }
    cacheline = line
    let start = line * size
    // A piece at a time, like the member lines (a kernel's structs cross 5,000).
    out.write(indent)
    out.write("/* --- cacheline ")
    out.number(line)
    out.write(" boundary (")
    out.number(start)
    out.write(" bytes)")
    if offset > start {
      out.write(" was ")
      out.write(plural(offset - start, "byte"))
      out.write(" ago")
    }
    out.write(" --- */")
    out.endLine()
  }

  /// One member: a plain line, or an anonymous type shown inline with its members or
  /// enumerators (pahole's `class_member__fprintf` and `type__fprintf`).
  private func member(
    _ m: MemberPlacement, base: UInt64, level: Int, slot: Slot, context: inout Context,
    cacheline: inout UInt64, into out: inout TextLines
  ) {
    let offset = base + m.byteOffset
    let width = typeWidth(level) - context.widthAdjust
    let total = width + 1 + (context.narrow ? 20 : 22)
    let align = memberAlignment(m)
    let shape = shape(of: m.type)
    if !shape.plain
      && shownInline(
        m, base: base, level: level, slot: slot, context: &context, cacheline: &cacheline,
        align: align, into: &out)
    {
      return
    }
    var (typeColumn, before, name, after) = naming.declarationParts(
      of: m.type, name: m.name ?? "")
    if (after.isEmpty ? name : after).utf8.last == UInt8(ascii: "]") {
      name = zeroLengthBounds(before + name + after, slot: slot, context: context)
      before = ""
      after = ""
    }
    // The type is padded to its column, then "type name;" as a whole, so a long type
    // eats into the name column and the comment column stays put.
    // Deep down the width goes negative; pahole's printf then left-justifies to its
    // absolute value. Written a piece at a time: this is most of the text.
    out.tabs(level)
    out.write(typeColumn)
    out.spaces(shape.qualifierSpaces)
    var used = columns(typeColumn) + shape.qualifierSpaces
    let typeEnd = max(used + 1, shape.column(width) + 1)
    out.spaces(typeEnd - used)
    used = typeEnd
    out.write(before)
    out.write(name)
    out.write(after)
    used += columns(before) + columns(name) + columns(after)
    if let bits = m.bitFieldSize {
      out.write(byte: UInt8(ascii: ":"))
      out.number(bits)
      used += decimalDigits(bits) + 1
    }
    out.write(align)
    out.write(byte: UInt8(ascii: ";"))
    used += columns(align) + 1
    out.spaces(max(total - used, 1))
    position(offset, m, into: &out)
    out.endLine()
  }

  /// A member whose type is not a plain line (`MemberShape.plain`) with the anonymous
  /// type shown inline or through a declarator; false, with nothing written, when the
  /// member is a plain line after all (a bit field of such a type).
  private func shownInline(
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
  /// them: names padded to the longest, one per line, one level deeper.
  private func enumeratorLines(_ enumerators: [Enumerator], level: Int) -> [String] {
    let longest = enumerators.map(\.name.count).max() ?? 0
    let inner = String(repeating: "\t", count: level + 1)
    return enumerators.map { e in
      let value =
        options.hex && e.bits != 0 ? "0x" + String(e.bits, radix: 16) : e.value.description
      return inner + e.name.padding(toLength: longest, withPad: " ", startingAt: 0) + " = " + value
        + ","
    }
  }

  /// An anonymous struct, union or enum reached through an array or a pointer, which
  /// pahole expands in place (`struct { … } vlan[2];`, `union { … } * ptr;`): the lines
  /// without the member's indentation on the first and without the final `;`, which
  /// pahole counts whole when it pads the offset comment. The
  /// members of a pointed-to type show its own offsets, one column step narrower.
  private func anonymousThroughDeclarator(
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
    var arrayCounts: [UInt64?]?
    var current = type
    var throughPointer = false
    if case .array(let element, let counts)? = table[current] {
      arrayCounts = counts
      current = element
    }
    if case .pointer(let target?, _)? = table[current] {
      current = target
      throughPointer = true
    }
    guard current != type else { return nil }
    // Only anonymous types are expanded.
    switch table[current] {
    case .aggregate(let a)? where a.name == nil && !a.isDeclaration: break
    case .enumeration(nil, _, let enumerators)? where !enumerators.isEmpty: break
    default: return nil
    }
    return (current, arrayCounts, throughPointer)
  }

  /// pahole spells a zero-length bound `[]` only for the last member of a struct that
  /// has other members and is not inside a union; `[0]` everywhere else, whichever the
  /// source used (DWARF keeps no difference for gcc).
  private func zeroLengthBounds(_ declarator: String, slot: Slot, context: Context) -> String {
    let flexible = slot.isLast && !slot.isFirst && !context.inUnion
    // Only the bounds at the end belong to the member itself.
    var tail = declarator[...]
    var head = ""
    while tail.hasSuffix("]"), let open = tail.lastIndex(of: "[") {
      var bound = String(tail[open...])
      if bound == "[]" || bound == "[0]" { bound = flexible ? "[]" : "[0]" }
      head = bound + head
      tail = tail[..<open]
    }
    return String(tail) + head
  }

  /// Anonymous aggregates are always shown inline (after any qualifiers, as in
  /// `const struct {`); named ones, through typedefs, with `--expand`. Returns the
  /// qualifier prefix and the typedef comments too.
  func inlineAggregate(_ type: TypeID) -> (AggregateType, String, String)? {
    var qualifiers = ""
    var typedefs = ""
    var current: TypeID? = type
    for _ in 0..<8 {
      guard let id = current, let type = table[id] else { return nil }
      switch type {
      case .qualified(let q, let target):
        qualifiers += q.rawValue + " "
        current = target
      case .typedef(let name, let target) where options.expand:
        // As `pahole -E`: the typedef is named in a comment before the body.
        typedefs += "/* typedef \(name) */ "
        current = target
      case .aggregate(let a) where a.name == nil || options.expand:
        return (a, qualifiers, typedefs)
      default:
        return nil
      }
    }
    return nil
  }

  /// `position` written into `out` (decimal, the common case, without building it).
  private func position(_ offset: UInt64, _ m: MemberPlacement, into out: inout TextLines) {
    guard !options.hex, !m.hasUnknownSize else {
      out.write(position(offset, m))
      return
    }
    out.write("/* ")
    out.number(offset, width: 5)
    if let bitOffset = m.bitFieldOffset {
      out.write(byte: UInt8(ascii: ":"))
      out.number(bitOffset, width: 2)
      out.write(byte: UInt8(ascii: " "))
      out.number(m.byteSize ?? 0, width: 2)
    } else {
      out.write(byte: UInt8(ascii: " "))
      out.number(m.byteSize ?? 0, width: 5)
    }
    out.write(" */")
  }

  private func position(_ offset: UInt64, _ m: MemberPlacement) -> String {
    if m.hasUnknownSize { return "/* " + number(offset, 5) + "     ? */" }
    let size = m.byteSize ?? 0
    if let bitOffset = m.bitFieldOffset {
      return "/* " + number(offset, 5) + ":" + number(bitOffset, 2) + " " + number(size, 2) + " */"
    }
    return "/* " + number(offset, 5) + " " + number(size, 5) + " */"
  }

  private func number(_ value: UInt64, _ width: Int) -> String {
    // printf's %#x, which pahole uses, writes zero without the prefix.
    let text = options.hex && value != 0 ? "0x" + String(value, radix: 16) : String(value)
    return String(repeating: " ", count: max(width - text.count, 0)) + text
  }

}
