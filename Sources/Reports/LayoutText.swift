import LayoutModel
import ReportSchema
import System

/// Options for pahole-style text.
public struct LayoutTextOptions: Sendable {
  /// Expand members whose type is a named struct or union, with absolute offsets.
  public var expand: Bool
  /// Print offsets and sizes in hexadecimal.
  public var hex: Bool
  /// Threads rendering a long list of types (each its own types, joined in order).
  public var workers: Workers

  public init(expand: Bool = false, hex: Bool = false, workers: Workers = .one) {
    self.expand = expand
    self.hex = hex
    self.workers = workers
  }
}

/// Renders a `StructLayout` the way `pahole -C` does, in its vocabulary
/// (`/* XXX 4 bytes hole, try to pack */`, `/* size: 152, cachelines: 3, members: 12 */`),
/// so kernel developers can read it without a manual.
public struct LayoutTextRenderer {
  public let table: TypeTable
  public let options: LayoutTextOptions
  let naming: TypeNaming
  /// Plain C spellings, for the unnamed bit fields pahole infers.
  let plainNaming: TypeNaming
  /// Layouts of inline types and alignments, worked out once per type for all the
  /// types rendered.
  let facts: LayoutFacts
  /// What a member line needs to know about its type beyond the spelling, once per type.
  let shapes: TypeMemo<MemberShape>
  /// The type's part of each member line, once per type.
  let memberLines: MemberLines

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
    self.memberLines = MemberLines(table)
  }

  /// A renderer for the types of `document`: pahole prints `Force padding:` only from
  /// DWARF's alignment facts, which BTF does not record.
  init(_ document: LayoutDocument, options: LayoutTextOptions) {
    self.init(table: document.table, options: options)
    hasAlignmentInfo = document.typeSource != .btf
  }

  /// The same renderer with memos of its own, for another thread (memos are classes
  /// filled as they go).
  func withOwnMemos() -> LayoutTextRenderer {
    var copy = LayoutTextRenderer(table: table, options: options)
    copy.hasAlignmentInfo = hasAlignmentInfo
    return copy
  }

  /// Every type of a `layout` document as `pahole` prints them, each in a fenced C block
  /// under a heading.
  static func markdown(_ document: LayoutDocument, options: LayoutTextOptions) -> String {
    let renderer = LayoutTextRenderer(document, options: options)
    var out =
      "## Layouts in \(Escape.code(Escape.path(document.file, bytes: document.pathBytes), inTable: false))\n\n"
      + SourceLine.markdownParagraphs(
        debugFile: document.debugFile, typeSource: document.typeSource)
    for item in document.items {
      switch item {
      case .aggregate(let layout):
        out +=
          "### \(Escape.code(layout.kind.rawValue + " " + (layout.name ?? "(anonymous)"), inTable: false))\n\n"
          + Escape.codeBlock(renderer.render(layout)) + "\n\n"
      case .enumeration(let e):
        out +=
          "### \(Escape.code("enum " + e.name, inTable: false))\n\n"
          + Escape.codeBlock(LayoutListingText.render(e))
          + "\n\n"
      }
    }
    return out
  }

  /// The text of every type of a `layout` document, as `pahole` prints them, in the
  /// pieces the threads wrote: for writing out without joining them first.
  static func text(_ document: LayoutDocument, options: LayoutTextOptions) -> RenderedText {
    let renderer = LayoutTextRenderer(document, options: options)
    var out = TextLines()
    if let debug = document.debugFile { out.line("/* DWARF from \(Escape.text(debug)) */") }
    if SourceLine.applies(document.typeSource) { out.line("/* \(SourceLine.btf) */") }
    return out.pieces(appending: LayoutListingText.chunks(document.items, renderer: renderer))
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
    out.write(literal: " {")
    out.endLine()
    var context = Context(
      narrow: layout.kind == .union, cachelineSize: layout.cachelineSize,
      inUnion: layout.kind == .union)
    // Only a type that shows a nested type in place can pass the budget (no real type
    // comes near with its own members alone): most go without counting.
    if layout.members.count + 2 > ExpansionBudget.maxLines
      || layout.members.contains(where: { !shape(of: $0.type).plain }),
      let levels = expansionBudget.levels(of: layout.members.map(Self.member))
    {
      context.inlineLevels = levels
      out.line(
        "\t/* nested types shown \(levels) \(levels == 1 ? "level" : "levels") deep: deeper, this type alone passes \(ExpansionBudget.maxLines) lines */"
      )
    }
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
  struct Context {
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
    /// Nested types are shown in place down to this level (`ExpansionBudget`), deeper
    /// ones by name.
    var inlineLevels = Int.max
  }

  /// Where a member sits among its siblings, for pahole's `[]`-or-`[0]` rule.
  struct Slot {
    var isFirst: Bool
    var isLast: Bool
  }

  /// A struct's attributes after its closing brace. pahole prints `__packed__` alone
  /// when it infers packing: the alignment is then part of what packing means.
  func attributes(_ layout: StructLayout) -> String {
    if layout.isPacked { return Self.packedAttribute }
    if let aligned = layout.explicitAlignment { return " __attribute__((__aligned__(\(aligned))))" }
    return ""
  }

  static let packedAttribute = " __attribute__((__packed__))"

  private func memberAlignment(_ m: MemberPlacement) -> String {
    m.explicitAlignment.map { " __attribute__((__aligned__(\($0))))" } ?? ""
  }

  /// Members with their hole and padding comments; returns the tail paddings noted
  /// ("last struct has N bytes of padding"), which the summary counts.
  func body(
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
      let shape = shape(of: m.type)
      var context = context
      if layout.kind == .union { context.inUnion = true }
      if layout.kind == .union {
        // Union members share an offset: pahole marks no boundary before them, and
        // what a member struct crosses is not carried to the next member or out.
        var scoped = cacheline
        member(
          m, shape: shape, base: base, level: level, slot: slot, context: &context,
          cacheline: &scoped, into: &out)
      } else {
        boundary(base + m.byteOffset, indent, &cacheline, context.cachelineSize, &out)
        member(
          m, shape: shape, base: base, level: level, slot: slot, context: &context,
          cacheline: &cacheline, into: &out)
      }
      // pahole notes a member struct's tail padding in structs only, not in unions,
      // and only when the member is declared with the struct itself, not a typedef.
      let padding = layout.kind == .union || !shape.direct ? 0 : layout.nestedPadding[i]
      if padding > 0 { notes.append(padding) }
      let hasNext = i + 1 < layout.members.count
      // Most members have nothing between them and the next: no comment to work out
      // (and the next member is not copied out to ask).
      if padding == 0 && layout.bitHoleAfter[i] == 0 && layout.holeAfter[i] == 0
        && (!hasNext || sharedUnit(m, layout.members[i + 1], lastSize: unitSizes[i]) == nil)
      {
        continue
      }
      let next = hasNext ? layout.members[i + 1] : nil
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
  func typeWidth(_ level: Int) -> Int { 26 - 8 * (level - 1) }

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
    out.write(literal: "/* --- cacheline ")
    out.number(line)
    out.write(literal: " boundary (")
    out.number(start)
    out.write(literal: " bytes)")
    if offset > start {
      out.write(literal: " was ")
      out.write(plural(offset - start, "byte"))
      out.write(literal: " ago")
    }
    out.write(literal: " --- */")
    out.endLine()
  }

  /// One member (of type shape `shape`): a plain line, or an anonymous type shown
  /// inline with its members or enumerators (pahole's `class_member__fprintf` and
  /// `type__fprintf`).
  private func member(
    _ m: MemberPlacement, shape: MemberShape, base: UInt64, level: Int, slot: Slot,
    context: inout Context, cacheline: inout UInt64, into out: inout TextLines
  ) {
    let offset = base + m.byteOffset
    let width = typeWidth(level) - context.widthAdjust
    let total = width + 1 + (context.narrow ? 20 : 22)
    let align = memberAlignment(m)
    if !shape.plain && level <= context.inlineLevels
      && shownInline(
        m, base: base, level: level, slot: slot, context: &context, cacheline: &cacheline,
        align: align, into: &out)
    {
      return
    }
    // The type is padded to its column, then "type name;" as a whole, so a long type
    // eats into the name column and the comment column stays put.
    // Deep down the width goes negative; pahole's printf then left-justifies to its
    // absolute value. Written a piece at a time: this is most of the text.
    out.tabs(level)
    var used: Int
    let memberName = m.name ?? ""
    if TypeNaming.fitsTemplate(memberName),
      let parts = memberLines.parts(of: m.type, naming: naming)
    {
      // The common line: the type's bytes as kept, the name (a C identifier, a column
      // a byte) as it is.
      let after = flexibleBound(slot, context) ? parts.afterFlexible : parts.after
      memberLines.write(parts.type, into: &out)
      used = padTypeColumn(parts.type.columns, shape: shape, width: width, into: &out)
      memberLines.write(parts.before, into: &out)
      out.write(memberName)
      memberLines.write(after, into: &out)
      used += parts.before.columns + memberName.utf8.count + after.columns
    } else {
      var (typeColumn, before, name, after) = naming.declarationParts(
        of: m.type, name: m.name ?? "")
      if (after.isEmpty ? name : after).utf8.last == UInt8(ascii: "]") {
        name = zeroLengthBounds(before + name + after, slot: slot, context: context)
        before = ""
        after = ""
      }
      out.write(typeColumn)
      used = padTypeColumn(columns(typeColumn), shape: shape, width: width, into: &out)
      out.write(before)
      out.write(name)
      out.write(after)
      used += columns(before) + columns(name) + columns(after)
    }
    if let bits = m.bitFieldSize {
      out.write(byte: UInt8(ascii: ":"))
      out.number(bits)
      used += decimalDigits(bits) + 1
    }
    if !align.isEmpty {
      out.write(align)
      used += columns(align)
    }
    out.write(byte: UInt8(ascii: ";"))
    used += 1
    out.spaces(max(total - used, 1))
    position(offset, m, into: &out)
    out.endLine()
  }

  /// `position` written into `out` (decimal, the common case, without building it).
  private func position(_ offset: UInt64, _ m: MemberPlacement, into out: inout TextLines) {
    guard !options.hex, !m.hasUnknownSize else {
      out.write(position(offset, m))
      return
    }
    out.write(literal: "/* ")
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
    out.write(literal: " */")
  }

  func position(_ offset: UInt64, _ m: MemberPlacement) -> String {
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
    return run(of: 0x20, count: width - text.count) + text
  }

}
