import LayoutModel

extension LayoutTextRenderer {
  /// The closing comments pahole prints under a struct, on its conditions.
  func summary(
    _ l: StructLayout, paddingNotes: [UInt64], indent: String = "\t", into out: inout TextLines
  ) {
    out.blank()
    // The two lines every struct has, written a piece at a time (one struct in ten
    // thousand of a kernel's, in the time of the rest).
    out.write(indent)
    out.write(literal: "/* size: ")
    out.number(l.size)
    out.write(literal: ", cachelines: ")
    out.number(l.cachelines)
    out.write(literal: ", members: ")
    out.number(UInt64(l.members.count))
    out.write(literal: " */")
    out.endLine()
    let holeBytes = l.holeBytes
    let bitHoleBits = l.bitHoleBits
    // pahole's conditions for these two lines, matched so the text diffs cleanly.
    if holeBytes > 0 || (bitHoleBits > 0 && l.memberBytes > 0) {
      out.write(indent)
      out.write(literal: "/* sum members: ")
      out.number(l.memberBytes)
      if holeBytes > 0 {
        out.write(literal: ", holes: ")
        out.number(UInt64(l.holeCount))
        out.write(literal: ", sum holes: ")
        out.number(holeBytes)
      }
      out.write(literal: " */")
      out.endLine()
    }
    if bitHoleBits > 0 {
      out.line(
        indent
          + "/* sum bitfield members: \(l.bitFieldBits) bits, bit holes: \(l.bitHoleCount), sum bit holes: \(l.bitHoleBits) bits */"
      )
    } else if l.bitFieldBits > 0 && holeBytes > 0 {
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
      out.write(indent)
      out.write(literal: "/* last cacheline: ")
      out.number(l.lastCachelineBytes)
      out.write(literal: " bytes */")
      out.endLine()
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
