import LayoutModel

/// Options for pahole-style text.
public struct LayoutTextOptions: Sendable {
  /// Expand members whose type is a named struct or union, with absolute offsets.
  public var expand: Bool
  /// Print offsets and sizes in hexadecimal.
  public var hex: Bool

  public init(expand: Bool = false, hex: Bool = false) {
    self.expand = expand
    self.hex = hex
  }
}

/// Renders a `StructLayout` the way `pahole -C` does, in its vocabulary
/// (`/* XXX 4 bytes hole, try to pack */`, `/* size: 152, cachelines: 3, members: 12 */`),
/// so kernel developers can read it without a manual.
public struct LayoutTextRenderer {
  public let table: TypeTable
  public let options: LayoutTextOptions
  private let naming: TypeNaming

  public init(table: TypeTable, options: LayoutTextOptions = .init()) {
    self.table = table
    self.options = options
    self.naming = TypeNaming(table: table)
  }

  /// The full text of one type: heading, members, summary, closing brace.
  public func render(_ layout: StructLayout) -> String {
    var out = TextLines()
    out.line(layout.kind.rawValue + (layout.name.map { " " + $0 } ?? "") + " {")
    body(layout, base: 0, level: 1, into: &out)
    summary(layout, into: &out)
    out.line("}" + attributes(layout) + ";")
    return out.text
  }

  private func attributes(_ layout: StructLayout) -> String {
    var parts: [String] = []
    if layout.isPacked { parts.append("__packed__") }
    if let aligned = layout.explicitAlignment { parts.append("__aligned__(\(aligned))") }
    return parts.isEmpty ? "" : " __attribute__((" + parts.joined(separator: ", ") + "))"
  }

  private func body(_ layout: StructLayout, base: UInt64, level: Int, into out: inout TextLines) {
    let indent = String(repeating: "\t", count: level)
    var cacheline = base / layout.cachelineSize
    if layout.holeBefore > 0 { out.comment(indent, "XXX \(plural(layout.holeBefore, "byte")) hole, try to pack") }
    for (i, m) in layout.members.enumerated() {
      let offset = base + m.byteOffset
      if level == 1 { boundary(offset, layout.cachelineSize, &cacheline, indent, &out) }
      // pahole 1.24 prints members of an outermost union two columns narrower.
      let narrow = layout.kind == .union && level == 1
      member(m, base: base, level: level, narrow: narrow, cachelineSize: layout.cachelineSize, into: &out)
      let padding = layout.nestedPadding[i]
      if padding > 0 {
        out.blank()
        out.line(indent + "/* XXX last struct has \(plural(padding, "byte")) of padding */")
      }
      if layout.bitHoleAfter[i] > 0 {
        out.comment(indent, "XXX \(plural(layout.bitHoleAfter[i], "bit")) hole, try to pack", trailingBlank: false)
      }
      let next = i + 1 < layout.members.count ? layout.members[i + 1] : nil
      if let next, m.isBitField, !next.isBitField, next.byteOffset < m.byteOffset + (m.byteSize ?? 0) {
        out.comment(indent, "Bitfield combined with next fields", joinPrevious: layout.bitHoleAfter[i] > 0, trailingBlank: false)
      }
      if layout.holeAfter[i] > 0 {
        out.comment(indent, "XXX \(plural(layout.holeAfter[i], "byte")) hole, try to pack", joinPrevious: padding > 0)
      } else if padding > 0 || layout.bitHoleAfter[i] > 0 {
        out.blank()
      }
      if let next, next.isBitField, !m.isBitField, next.byteOffset < m.byteOffset + (m.byteSize ?? 0) {
        out.comment(indent, "Bitfield combined with previous fields")
      }
    }
  }

  private func boundary(_ offset: UInt64, _ size: UInt64, _ current: inout UInt64, _ indent: String, _ out: inout TextLines) {
    let line = offset / size
    guard line > current else { return }
    current = line
    let start = line * size
    let ago = offset > start ? " was \(offset - start) bytes ago" : ""
    out.line(indent + "/* --- cacheline \(line) boundary (\(start) bytes)\(ago) --- */")
  }

  private func member(
    _ m: MemberPlacement, base: UInt64, level: Int, narrow: Bool, cachelineSize: UInt64, into out: inout TextLines
  ) {
    let indent = String(repeating: "\t", count: level)
    let offset = base + m.byteOffset
    if let nested = inlineAggregate(m) {
      out.line(indent + naming.heading(of: nested).trimmingSpace() + " {")
      let layout = StructLayout(nested, table: table, cachelineSize: cachelineSize)
      body(layout, base: offset, level: level + 1, into: &out)
      let closing = "}" + (m.name.map { " " + $0 } ?? "") + ";"
      out.line(indent + pad(closing, to: max(49 - 8 * (level - 1), closing.count + 1)) + position(offset, m))
      return
    }
    var (typeColumn, declarator) = naming.declaration(of: m.type, name: m.name ?? "")
    if let bits = m.bitFieldSize { declarator += ":\(bits)" }
    if let align = m.explicitAlignment { declarator += " __attribute__((__aligned__(\(align))))" }
    // pahole pads the type to its column, then pads "type name;" as a whole, so a long
    // type eats into the name column and the comment column stays put.
    let typeWidth = max(26 - 8 * (level - 1), 1)
    let total = typeWidth + 1 + (narrow ? 20 : 22)
    let text = pad(typeColumn, to: typeWidth + 1) + declarator + ";"
    out.line(indent + pad(text, to: total) + position(offset, m))
  }

  /// Anonymous aggregates are always shown inline; named ones with `--expand`.
  private func inlineAggregate(_ m: MemberPlacement) -> AggregateType? {
    guard !m.isBitField, case .aggregate(let a)? = options.expand ? table.resolved(m.type) : table[m.type]
    else { return nil }
    return a.name == nil || options.expand ? a : nil
  }

  private func position(_ offset: UInt64, _ m: MemberPlacement) -> String {
    let size = m.byteSize ?? 0
    if let bitOffset = m.bitFieldOffset {
      return "/* " + number(offset, 5) + ":" + number(bitOffset, 2) + " " + number(size, 2) + " */"
    }
    return "/* " + number(offset, 5) + " " + number(size, 5) + " */"
  }

  private func number(_ value: UInt64, _ width: Int) -> String {
    let text = options.hex ? "0x" + String(value, radix: 16) : String(value)
    return String(repeating: " ", count: max(width - text.count, 0)) + text
  }

  private func summary(_ l: StructLayout, into out: inout TextLines) {
    out.blankIfNeeded()
    out.line("\t/* size: \(l.size), cachelines: \(l.cachelines), members: \(l.members.count) */")
    if l.holeBytes > 0 || l.bitHoleBits > 0 {
      var text = "sum members: \(l.memberBytes)"
      if l.holeBytes > 0 { text += ", holes: \(l.holeCount), sum holes: \(l.holeBytes)" }
      out.line("\t/* \(text) */")
    }
    if l.bitHoleBits > 0 {
      out.line("\t/* sum bitfield members: \(l.bitFieldBits) bits, bit holes: \(l.bitHoleCount), sum bit holes: \(l.bitHoleBits) bits */")
    }
    if l.padding > 0 { out.line("\t/* padding: \(l.padding) */") }
    if l.bitPadding > 0 { out.line("\t/* bit_padding: \(l.bitPadding) bits */") }
    if l.paddedMemberCount > 0 {
      out.line("\t/* paddings: \(l.paddedMemberCount), sum paddings: \(l.paddedMemberBytes) */")
    }
    if l.forcedAlignmentCount > 0 {
      var text = "forced alignments: \(l.forcedAlignmentCount)"
      let forced = l.forcedHoles
      if !forced.isEmpty { text += ", forced holes: \(forced.count), sum forced holes: \(forced.reduce(0, +))" }
      out.line("\t/* \(text) */")
    }
    if l.lastCachelineBytes > 0 { out.line("\t/* last cacheline: \(l.lastCachelineBytes) bytes */") }
  }
}

private func plural(_ n: UInt64, _ unit: String) -> String { n == 1 ? "1 \(unit)" : "\(n) \(unit)s" }

private func pad(_ s: String, to width: Int) -> String {
  s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count)
}

extension String {
  fileprivate func trimmingSpace() -> String {
    var s = self
    while s.last == " " { s.removeLast() }
    return s
  }
}

/// Accumulates output lines, keeping pahole's blank-line rhythm around comments.
struct TextLines {
  private(set) var lines: [String] = []

  mutating func line(_ s: String) { lines.append(s) }
  mutating func blank() { if lines.last != "" { lines.append("") } }
  mutating func blankIfNeeded() { blank() }

  /// A `/* … */` comment set off by blank lines, or glued to the comment above it.
  mutating func comment(_ indent: String, _ text: String, joinPrevious: Bool = false, trailingBlank: Bool = true) {
    if !joinPrevious { blank() }
    lines.append(indent + "/* " + text + " */")
    if trailingBlank { lines.append("") }
  }

  var text: String { lines.joined(separator: "\n") + "\n" }
}
