/// Where one member sits, in the vocabulary kernel developers read in pahole: a byte
/// offset and size, and for bit fields the storage unit and the bit inside it.
public struct MemberPlacement: Hashable, Sendable, Codable {
  /// Index of the member in its aggregate's `members`.
  public var index: Int
  public var name: String?
  public var type: TypeID
  /// The first bit the member occupies, from the aggregate's start.
  public var bitOffset: UInt64
  /// For ordinary members the byte offset; for bit fields the offset of the storage
  /// unit (the declared type's size, aligned down), as pahole prints it.
  public var byteOffset: UInt64
  /// The member's size, or for bit fields the storage unit's size; nil when unknown.
  public var byteSize: UInt64?
  /// For bit fields: the width and the bit position inside the storage unit.
  public var bitFieldSize: UInt64?
  public var bitFieldOffset: UInt64?
  /// `DW_AT_alignment` on the member.
  public var explicitAlignment: UInt64?

  /// Places `member` (the `index`th of its aggregate) using `table` for type sizes.
  public init(_ member: Member, index: Int, table: TypeTable) {
    self.init(member, index: index, size: table.size(of: member.type))
  }

  /// Places `member` whose type's size (`TypeTable.size(of:)`) is `size`.
  public init(_ member: Member, index: Int, size: UInt64?) {
    self.index = index
    self.name = member.name
    self.type = member.type
    self.bitOffset = member.bitOffset
    self.bitFieldSize = member.bitFieldSize
    self.explicitAlignment = member.explicitAlignment
    let storage = Self.storage(
      bitOffset: member.bitOffset, bitFieldSize: member.bitFieldSize, size: size)
    self.byteOffset = storage.byteOffset
    self.byteSize = storage.byteSize
    self.bitFieldOffset = storage.bitFieldOffset
  }

  /// Where a member at `bitOffset` (a bit field of `bitFieldSize` bits, or not) whose
  /// type's size is `size` is shown: its byte offset and size, and for a bit field its
  /// bit inside the storage unit. (Without building a placement, for callers that only
  /// need the bytes.)
  public static func storage(
    bitOffset: UInt64, bitFieldSize: UInt64?, size: UInt64?
  ) -> (byteOffset: UInt64, byteSize: UInt64?, bitFieldOffset: UInt64?) {
    guard let width = bitFieldSize else { return (bitOffset / 8, size, nil) }
    // A bit field is shown in the storage unit of its declared type, aligned down to
    // that type's size: `unsigned long d:40` at bit 24 is in the 8-byte unit at 0.
    var unitBits = (size ?? 4) &* 8
    if unitBits < width || unitBits == 0 { unitBits = ((width + 7) / 8) &* 8 }
    let unitStart = unitBits > 0 ? bitOffset / unitBits &* unitBits : bitOffset
    return (unitStart / 8, unitBits / 8, bitOffset &- unitStart)
  }

  public var isBitField: Bool { bitFieldSize != nil }

  /// An ordinary member whose type's size is unknown (a declaration only).
  public var hasUnknownSize: Bool { bitFieldSize == nil && byteSize == nil }

  /// The bit just past the member.
  public var endBit: UInt64 {
    bitOffset &+ (bitFieldSize ?? ((byteSize ?? 0) &* 8))
  }
}
