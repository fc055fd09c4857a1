/// Where one member sits, as every report writes it (`layout`, `baseline`, `safety`):
/// its name (empty for an anonymous member; members of anonymous aggregates under their
/// own names), its type spelled, its offset in bytes from the start of the outermost
/// type and its size, and for bit fields the absolute bit offset and the width.
public struct MemberPosition: Codable, Sendable, Hashable {
  public var name: String
  /// The member's type as C spells it; nil where a report does not record types
  /// (a baseline holds positions only).
  public var type: String?
  public var offset: UInt64
  /// nil when unknown (a declaration only), and for bit fields in `safety`.
  public var size: UInt64?
  /// Bit fields only.
  public var bitOffset: UInt64?
  public var bitSize: UInt64?

  public init(
    name: String, type: String? = nil, offset: UInt64, size: UInt64?, bitOffset: UInt64? = nil,
    bitSize: UInt64? = nil
  ) {
    self.name = name
    self.type = type
    self.offset = offset
    self.size = size
    self.bitOffset = bitOffset
    self.bitSize = bitSize
  }

  /// A laid-out member `base` bytes into the outermost type: for bit fields, the
  /// storage unit's offset and size (as pahole prints them) and the absolute bit offset.
  public init(_ member: MemberPlacement, base: UInt64 = 0, type: String? = nil) {
    self.init(
      name: member.name ?? "", type: type, offset: base &+ member.byteOffset,
      size: member.byteSize, bitOffset: member.isBitField ? base &* 8 &+ member.bitOffset : nil,
      bitSize: member.bitFieldSize)
  }
}
