import LayoutModel

extension LayoutTextRenderer {
  /// The closing comments pahole prints under a struct, on its conditions.
  func summary(
    _ l: StructLayout, paddingNotes: [UInt64], indent: String = "\t", into out: inout TextLines
  ) {
    out.blank()
    out.line(
      indent + "/* size: \(l.size), cachelines: \(l.cachelines), members: \(l.members.count) */")
    // pahole's conditions for these two lines, matched so the text diffs cleanly.
    if l.holeBytes > 0 || (l.bitHoleBits > 0 && l.memberBytes > 0) {
      var text = "sum members: \(l.memberBytes)"
      if l.holeBytes > 0 { text += ", holes: \(l.holeCount), sum holes: \(l.holeBytes)" }
      out.line(indent + "/* \(text) */")
    }
    if l.bitHoleBits > 0 {
      out.line(
        indent
          + "/* sum bitfield members: \(l.bitFieldBits) bits, bit holes: \(l.bitHoleCount), sum bit holes: \(l.bitHoleBits) bits */"
      )
    } else if l.bitFieldBits > 0 && l.holeBytes > 0 {
      out.line(
        indent + "/* sum bitfield members: \(l.bitFieldBits) bits (\(l.bitFieldBits / 8) bytes) */")
    }
    if l.padding > 0 { out.line(indent + "/* padding: \(l.padding) */") }
    if !paddingNotes.isEmpty {
      out.line(
        indent + "/* paddings: \(paddingNotes.count), sum paddings: \(paddingNotes.reduce(0, +)) */"
      )
    }
    if l.bitPadding > 0 { out.line(indent + "/* bit_padding: \(l.bitPadding) bits */") }
    if l.forcedAlignmentCount > 0 {
      var text = "forced alignments: \(l.forcedAlignmentCount)"
      let forced = l.forcedHoles
      if !forced.isEmpty {
        text += ", forced holes: \(forced.count), sum forced holes: \(forced.reduce(0, +))"
      }
      out.line(indent + "/* \(text) */")
    }
    if l.lastCachelineBytes > 0 {
      out.line(indent + "/* last cacheline: \(l.lastCachelineBytes) bytes */")
    }
    let unknown = l.unknownSizeMembers
    if !unknown.isEmpty {
      let names = unknown.map { $0.name ?? "<anonymous>" }.joined(separator: ", ")
      out.line(
        indent
          + "/* XXX size unknown: \(names) (declaration only: reduced debug info; try --types-from) */"
      )
    }
  }
}

/// Accumulates output lines, keeping pahole's blank-line rhythm around comments.
struct TextLines {
  private(set) var lines: [String] = []

  mutating func line(_ s: String) { lines.append(s) }
  mutating func blank() { if lines.last != "" { lines.append("") } }

  /// A `/* … */` comment set off by blank lines, or glued to the comment above it.
  mutating func comment(
    _ indent: String, _ text: String, joinPrevious: Bool = false, trailingBlank: Bool = true
  ) {
    if !joinPrevious { blank() }
    lines.append(indent + "/* " + text + " */")
    if trailingBlank { lines.append("") }
  }

  var text: String { lines.joined(separator: "\n") + "\n" }
}
