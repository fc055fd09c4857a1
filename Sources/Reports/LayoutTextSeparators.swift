import LayoutModel

/// What pahole prints between and after the members of a struct: hole and padding
/// comments, the unnamed bit fields it infers, "Bitfield combined" notes and the
/// `Force padding:` lines (`__class__fprintf`).
extension LayoutTextRenderer {
  /// pahole's `Force padding:` lines (end of `__class__fprintf`): tail padding longer
  /// than a pointer, in a struct without `DW_AT_alignment` whose last member's type
  /// has a power-of-two size, is spelled as unnamed bit fields of that type, one per
  /// `sizeof` of it, so the printed C keeps the size. `struct __kernel_timex` declares
  /// exactly these (`int :32;` eleven times).
  func forcedPadding(
    _ layout: StructLayout, typeColumn: Int, _ indent: String, into out: inout TextLines
  ) {
    guard hasAlignmentInfo, layout.kind != .union, layout.padding > 0,
      layout.explicitAlignment == nil,
      let last = layout.members.last, let size = table.size(of: last.type), size > 0,
      size & (size - 1) == 0, layout.padding > table.abi.pointerSize,
      layout.padding / size <= Self.forcedPaddingLimit
    else { return }
    // An array prints its bounds after the empty name: `unsigned char [1]:8;`.
    let (type, bounds) = plainNaming.declaration(of: last.type, name: "")
    let unnamed = pad(type, to: abs(typeColumn) + 1) + bounds
    out.blank()
    out.line(indent + "/* Force padding: */")
    for _ in stride(from: 0, to: layout.padding, by: Int(size)) {
      out.line(indent + unnamed + ":\(size * 8);")
    }
  }

  /// The comments pahole prints between two members, as groups set off by blank lines:
  /// tail padding of a member struct, bit and byte holes, the unnamed bit fields it
  /// infers (`unsigned int :4;`, or `:0` to force the next boundary), and storage
  /// units that bit fields share with neighbours. pahole opens one group for all of
  /// them (its `newline` flag), except that "Force alignment" always starts a new one.
  func separators(
    _ layout: StructLayout, after i: Int, next: MemberPlacement?, padding: UInt64, lastSize: UInt64,
    typeColumn: Int
  ) -> [[String]] {
    let m = layout.members[i]
    let bitHole = layout.bitHoleAfter[i]
    var groups: [[String]] = [[]]
    if padding > 0 {
      groups[0].append("/* XXX last struct has \(plural(padding, "byte")) of padding */")
    }
    if bitHole > 0 { groups[0].append("/* XXX \(plural(bitHole, "bit")) hole, try to pack */") }
    if layout.holeAfter[i] > 0 {
      groups[0].append("/* XXX \(plural(layout.holeAfter[i], "byte")) hole, try to pack */")
    }
    if let next, bitHole > 0, next.isBitField {
      // The unnamed bit field the hole stands for: `:0` when the next bit field starts
      // at a boundary of its type (what `:0` does), else `:N`. pahole says `:0`
      // whenever the storage units' offsets differ, even where the C source has `:N`
      // (BusLogic's `bool :1;` after a `char`): see docs/parity.md.
      let unnamed = pad(
        plainNaming.declaration(of: next.type, name: "").type, to: abs(typeColumn) + 1)
      let alignBits = facts.alignment.alignment(of: next.type) * 8
      if alignBits > 0 && next.bitOffset % alignBits == 0 {
        groups.append(["/* Force alignment to the next boundary: */", unnamed + ":0;"])
      } else {
        groups[groups.count - 1].append(unnamed + ":\(bitHole);")
      }
    }
    if let next, let sharing = sharedUnit(m, next, lastSize: lastSize) {
      groups[groups.count - 1].append("/* Bitfield combined with \(sharing) fields */")
    }
    return groups.filter { !$0.isEmpty }
  }

  /// pahole's rule (`__class__fprintf`) for saying that a member shares storage with
  /// its neighbour, from the storage-unit offsets it prints: "previous" when the next
  /// member's unit starts before this one's, or at the same byte when a bit field
  /// follows an ordinary member; "next" when it starts inside this member's unit.
  /// `lastSize` is pahole's running unit size (`lastUnitSizes`); nothing after a size
  /// of 0 (zero-length arrays are markers).
  func sharedUnit(
    _ m: MemberPlacement, _ n: MemberPlacement, lastSize size: UInt64
  ) -> String? {
    guard size > 0 else { return nil }
    if n.byteOffset < m.byteOffset
      || (n.byteOffset == m.byteOffset && !m.isBitField && n.isBitField)
    {
      return "previous"
    }
    return n.byteOffset > m.byteOffset && n.byteOffset - m.byteOffset < size ? "next" : nil
  }

  /// pahole's `last_size` after each member: the size of the first member at an
  /// offset, kept while bit fields share that offset (a bit field after an ordinary
  /// member at the same offset takes over).
  func lastUnitSizes(_ layout: StructLayout) -> [UInt64] {
    var size: UInt64 = 0
    var result: [UInt64] = []
    result.reserveCapacity(layout.members.count)
    let members = layout.members
    for k in members.indices {
      if k == 0 || size == 0 || members[k - 1].byteOffset != members[k].byteOffset
        || (members[k - 1].bitFieldSize == nil && members[k].bitFieldSize != nil)
      {
        size = members[k].byteSize ?? 0
      }
      result.append(size)
    }
    return result
  }

  /// A page of `char` padding at most: the count comes from the file.
  static let forcedPaddingLimit: UInt64 = 4096
}
