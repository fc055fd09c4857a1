/// The derived layout of one struct or union: members placed, holes, bit holes, tail
/// padding and cacheline facts. Computed once from the model, never stored in it.
///
/// Hole accounting follows pahole's conventions so the numbers agree with what kernel
/// developers already read: a bit field's storage unit is its declared type, bits left
/// at the end of a unit before the next member are a bit hole, and a union has no holes.
public struct StructLayout: Hashable, Sendable, Codable {
  public var name: String?
  public var kind: AggregateKind
  public var size: UInt64
  public var alignment: UInt64
  public var members: [MemberPlacement]
  /// Bytes of hole after each member (same indices as `members`).
  public var holeAfter: [UInt64]
  /// Bits of hole after each member.
  public var bitHoleAfter: [UInt64]
  /// Holes before the first member.
  public var holeBefore: UInt64
  public var bitHoleBefore: UInt64
  /// Tail padding in bytes and, after a trailing bit field, in bits.
  public var padding: UInt64
  public var bitPadding: UInt64
  /// Tail padding of each member whose type is a struct (0 for other members).
  public var nestedPadding: [UInt64]
  public var cachelineSize: UInt64
  /// Whether the struct is shown `__packed__`: members sit where their alignment would
  /// not put them, a holder places it so, or pahole's rules say so (`PackedAttribute`).
  public var isPacked: Bool
  /// `DW_AT_alignment` on the type.
  public var explicitAlignment: UInt64?
  /// `DefinitionID` of a named definition laid out on its own (set by the loader; nil
  /// for nested and synthesized layouts).
  public var definitionID: String?

  /// Lays out `type` with sizes from `table`.
  public init(_ type: AggregateType, table: TypeTable, cachelineSize: UInt64 = 64) {
    self.init(type, facts: LayoutFacts(table: table), cachelineSize: cachelineSize)
  }

  /// Lays out `type` with what `facts` knows of the table's types (laying out many
  /// types of one table: each nested type is worked out once).
  ///
  /// `type` is borrowed: an initializer takes its arguments owned unless told, and each
  /// call copied the type it was given (its name and members retained, then released,
  /// on counts every thread laying out the same table shares).
  public init(_ type: borrowing AggregateType, facts: LayoutFacts, cachelineSize: UInt64 = 64) {
    // Worked out in locals and stored once, at the end: a layout changed in place while
    // it was made (the holes, then the packing asked of it) was copied out whole.
    let kind = type.kind
    let size = type.byteSize ?? 0
    // One pass over the members for both arrays.
    let count = type.members.count
    var placed: [MemberPlacement] = []
    placed.reserveCapacity(count)
    var paddings: [UInt64] = []
    paddings.reserveCapacity(count)
    for i in 0..<count {
      let member = MemberPlacement(
        type.members[i], index: i, size: facts.size(of: type.members[i].type))
      // Tail padding does not depend on the cacheline size.
      paddings.append(member.isBitField ? 0 : facts.tailPadding(of: member.type))
      placed.append(member)
    }
    var isPacked = facts.alignment.isPacked(type)
    // A union has no holes.
    let holes = kind == .union ? Holes(count: count) : Holes(of: placed, size: size)
    if kind != .union && !isPacked {
      // Shown packed as pahole shows it, or where the layout proves it (PackedAttribute).
      isPacked = facts.packing.ownLayoutSaysPacked(
        kind: kind, holesOrPadding: holes.any, members: placed, size: size,
        explicitAlignment: type.explicitAlignment)
    }
    self.name = type.name
    self.kind = kind
    self.size = size
    self.cachelineSize = max(cachelineSize, 1)
    self.explicitAlignment = type.explicitAlignment
    self.alignment = facts.alignment.alignment(ofAggregate: type)
    self.isPacked = isPacked
    self.members = placed
    self.nestedPadding = paddings
    self.holeAfter = holes.after
    self.bitHoleAfter = holes.bitsAfter
    self.holeBefore = holes.before
    self.bitHoleBefore = holes.bitsBefore
    self.padding = holes.padding
    self.bitPadding = holes.bitPadding
  }

  /// The holes of a layout and its tail padding, in bytes and bits.
  private struct Holes {
    var after: [UInt64]
    var bitsAfter: [UInt64]
    var before: UInt64 = 0
    var bitsBefore: UInt64 = 0
    var padding: UInt64 = 0
    var bitPadding: UInt64 = 0

    /// Whether there is any hole or tail padding in bytes.
    var any: Bool { before > 0 || padding > 0 || after.contains { $0 > 0 } }

    /// None, for `count` members.
    init(count: Int) {
      after = Array(repeating: 0, count: count)
      bitsAfter = after
    }

    /// Walks the members in order, tracking the last bit seen and the current bit-field
    /// storage unit, and charges each gap to the member before it.
    init(of members: [MemberPlacement], size: UInt64) {
      self.init(count: members.count)
      var lastSeen: Int64 = 0
      var inBitField = false
      var unitEnd = Int64(clamping: size) &* 8
      var unitBits: Int64 = 0
      for i in members.indices {
        let m = members[i]
        let start = Int64(clamping: m.bitOffset)
        var end = Int64(clamping: m.endBit)
        if m.hasUnknownSize {
          // A declaration whose definition is not in the file (reduced debug info):
          // assume it fills up to the next member rather than report a phantom hole.
          let next = i + 1 < members.count ? members[i + 1].bitOffset : size &* 8
          end = max(end, Int64(clamping: next))
        }
        var bitHole: Int64 = 0
        var byteHole: Int64 = 0
        if inBitField {
          let edge = min(start, unitEnd)
          bitHole = edge &- lastSeen
          lastSeen = edge
        }
        if m.isBitField {
          let unitStart = Int64(clamping: m.byteOffset) &* 8
          if lastSeen < unitStart && unitStart <= start {
            byteHole = Int64(clamping: m.byteOffset) &- lastSeen / 8
            lastSeen = unitStart
          }
          bitHole = bitHole &+ (start &- lastSeen)
          let bits = Int64(clamping: m.byteSize ?? 0) &* 8
          if end > unitEnd || bits > unitBits {
            unitBits = bits
            unitEnd = unitStart &+ bits
            if end > unitEnd { unitEnd = unitEnd &+ bits }
          }
          inBitField = true
        } else {
          byteHole = start / 8 &- lastSeen / 8
          inBitField = false
          unitBits = 0
          unitEnd = end
        }
        lastSeen = end
        let hole = UInt64(clamping: max(byteHole, 0))
        let bits = UInt64(clamping: max(bitHole, 0))
        if i == 0 {
          before = hole
          bitsBefore = bits
        } else {
          after[i - 1] = hole
          bitsAfter[i - 1] = bits
        }
      }
      if inBitField {
        let edge = min(Int64(clamping: size) &* 8, unitEnd)
        bitPadding = UInt64(clamping: max(edge &- lastSeen, 0))
        lastSeen = edge
      }
      padding = UInt64(clamping: max(Int64(clamping: size) &- lastSeen / 8, 0))
    }
  }
}

extension StructLayout {
  /// The number of cachelines the type spans.
  public var cachelines: UInt64 { (size + cachelineSize - 1) / cachelineSize }
  /// Bytes used in the last cacheline (0 when the size is a multiple of it).
  public var lastCachelineBytes: UInt64 { size % cachelineSize }
  /// The holes, in order: (offset just after the member, size).
  public var holes: [(offset: UInt64, size: UInt64)] {
    var result: [(UInt64, UInt64)] = []
    if holeBefore > 0 { result.append((0, holeBefore)) }
    for (i, hole) in holeAfter.enumerated() where hole > 0 {
      let m = members[i]
      let end = m.isBitField ? (m.endBit + 7) / 8 : m.byteOffset + (m.byteSize ?? 0)
      result.append((end, hole))
    }
    return result
  }
  /// Sum and count of byte holes.
  /// (Counted without building `holes`: the text asks for them for every struct.)
  public var holeCount: Int {
    holeAfter.reduce(holeBefore > 0 ? 1 : 0) { $0 + ($1 > 0 ? 1 : 0) }
  }
  public var holeBytes: UInt64 { holeAfter.reduce(holeBefore, +) }
  /// Sum and count of bit holes.
  public var bitHoleCount: Int {
    bitHoleAfter.reduce(bitHoleBefore > 0 ? 1 : 0) { $0 + ($1 > 0 ? 1 : 0) }
  }
  public var bitHoleBits: UInt64 { bitHoleAfter.reduce(bitHoleBefore, +) }
  /// Bytes of the members that are not bit fields (pahole's "sum members").
  // The sums over members go by index: each is read in place, not copied out with
  // its name (every summary line of a kernel's ten thousand structs asks).
  public var memberBytes: UInt64 {
    var total: UInt64 = 0
    for i in members.indices where !members[i].isBitField { total &+= members[i].byteSize ?? 0 }
    return total
  }
  /// Bits of the bit-field members.
  public var bitFieldBits: UInt64 {
    var total: UInt64 = 0
    for i in members.indices { total &+= members[i].bitFieldSize ?? 0 }
    return total
  }
  /// Members whose struct type has tail padding, and that padding summed.
  public var paddedMemberCount: Int { nestedPadding.filter { $0 > 0 }.count }
  public var paddedMemberBytes: UInt64 { nestedPadding.reduce(0, +) }
  /// Members whose size the file does not say (declarations only).
  public var unknownSizeMembers: [MemberPlacement] {
    members.indices.contains { members[$0].hasUnknownSize } ? members.filter(\.hasUnknownSize) : []
  }

  /// Members with `DW_AT_alignment`, and the holes before them.
  public var forcedAlignmentCount: Int {
    var count = 0
    for i in members.indices where members[i].explicitAlignment != nil { count += 1 }
    return count
  }
  public var forcedHoles: [UInt64] {
    guard forcedAlignmentCount > 0 else { return [] }
    return members.enumerated().compactMap { i, m in
      guard m.explicitAlignment != nil else { return nil }
      let hole = i == 0 ? holeBefore : holeAfter[i - 1]
      return hole > 0 ? hole : nil
    }
  }
}
