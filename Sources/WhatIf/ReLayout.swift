import LayoutModel

/// Lays out a `Declaration` with the System V rules every Linux target uses (members
/// in order, each at the next multiple of its alignment; a bit field shares the bits
/// left in the current unit of its declared type if it fits), with the alignments of
/// the target ABI taken from the file.
public struct ReLayout {
  public let table: TypeTable
  private let abi: Alignment

  public init(table: TypeTable) {
    self.table = table
    self.abi = Alignment(table: table)
  }

  /// What laying a member out needs of its type: its size and its alignment in this
  /// declaration (packed or not).
  struct Measure {
    var size: UInt64
    var alignment: UInt64
  }

  func measure(_ d: DeclaredMember, packed: Bool) -> Measure {
    Measure(size: table.size(of: d.type) ?? 0, alignment: memberAlignment(d, packed: packed))
  }

  /// The aggregate a compiler would produce for `declaration`.
  public func layout(_ declaration: Declaration) -> AggregateType {
    layout(
      declaration,
      measures: declaration.members.map { measure($0, packed: declaration.isPacked) })
  }

  /// The same, with each member's measure given (`measures[i]` is member i's): a search
  /// that lays the same members out thousands of times in other orders looks each
  /// type up once.
  func layout(_ declaration: Declaration, measures: [Measure]) -> AggregateType {
    var members: [Member] = []
    members.reserveCapacity(declaration.members.count)
    var bit: UInt64 = 0
    var maxAlign: UInt64 = 1
    var end: UInt64 = 0
    for (d, measure) in zip(declaration.members, measures) {
      let align = measure.alignment
      maxAlign = max(maxAlign, align)
      let size = measure.size
      let position: UInt64
      if declaration.kind == .union {
        position = 0
      } else if let pinned = d.pinnedBitOffset {
        position = pinned
      } else if let width = d.bitFieldSize {
        position = bitFieldPosition(
          at: bit &+ d.paddingBitsBefore, width: width, unitBytes: size,
          packed: declaration.isPacked,
          newUnit: d.startsNewUnit, align: align)
      } else {
        position = roundUp(bit, to: align &* 8)
      }
      let next = position &+ (d.bitFieldSize ?? size &* 8)
      members.append(
        Member(
          name: d.name, type: d.type, bitOffset: position, bitFieldSize: d.bitFieldSize,
          explicitAlignment: d.explicitAlignment))
      end = max(end, next)
      bit = declaration.kind == .union ? 0 : next
    }
    let alignment = max(declaration.explicitAlignment ?? 1, declaration.isPacked ? 1 : maxAlign)
    let bytes = (end &+ 7) / 8
    return AggregateType(
      kind: declaration.kind, name: declaration.name, byteSize: roundUp(bytes, to: alignment),
      members: members, explicitAlignment: declaration.explicitAlignment)
  }

  func memberAlignment(_ d: DeclaredMember, packed: Bool) -> UInt64 {
    if let explicit = d.explicitAlignment { return explicit }
    return packed ? 1 : abi.alignment(of: d.type)
  }

  /// System V: a bit field goes at the next bit if it fits in a storage unit of its
  /// declared type's size that starts at a multiple of the type's alignment; otherwise
  /// at the next such multiple. (On i386 `long long` is aligned to 4, so a 64-bit unit
  /// may start at any 4-byte boundary.) Packed bit fields never skip; `:0` forces the
  /// next boundary.
  private func bitFieldPosition(
    at bit: UInt64, width: UInt64, unitBytes: UInt64, packed: Bool, newUnit: Bool, align: UInt64
  ) -> UInt64 {
    let unitBits = max(unitBytes &* 8, 8)
    let alignBits = max(align &* 8, 8)
    if newUnit { return roundUp(bit, to: alignBits) }
    if packed || width == 0 { return bit }
    let windowStart = bit / alignBits &* alignBits
    return bit &+ width <= windowStart &+ unitBits ? bit : roundUp(bit, to: alignBits)
  }
}

func roundUp(_ value: UInt64, to multiple: UInt64) -> UInt64 {
  guard multiple > 1 else { return value }
  let (sum, overflow) = value.addingReportingOverflow(multiple - 1)
  return overflow ? value : sum / multiple * multiple
}
