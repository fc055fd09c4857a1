import LayoutModel

/// A struct or union as its C declaration would read: members in order, with what the
/// compiler needed to place them that DWARF does not say outright, recovered from where
/// the members actually are (`packed`, `aligned(N)`, unnamed `:0` bit fields).
///
/// Laying out an unchanged `Declaration` gives DWARF's own offsets back; edits change
/// the declaration, and the same rules then give the edited layout.
public struct Declaration: Hashable, Sendable {
  public var kind: AggregateKind
  public var name: String?
  public var members: [DeclaredMember]
  public var isPacked: Bool
  public var explicitAlignment: UInt64?

  public init(
    kind: AggregateKind, name: String?, members: [DeclaredMember], isPacked: Bool = false,
    explicitAlignment: UInt64? = nil
  ) {
    self.kind = kind
    self.name = name
    self.members = members
    self.isPacked = isPacked
    self.explicitAlignment = explicitAlignment
  }
}

/// One member of a `Declaration`.
public struct DeclaredMember: Hashable, Sendable {
  public var name: String?
  public var type: TypeID
  public var bitFieldSize: UInt64?
  public var explicitAlignment: UInt64?
  /// An unnamed `:0` (or skip to the next storage unit) before this bit field, as
  /// pahole's "Force alignment to the next boundary" infers it.
  public var startsNewUnit: Bool
  /// Bits of an unnamed `:N` bit field before this one (padding bits DWARF omits).
  public var paddingBitsBefore: UInt64
  /// The member keeps exactly this bit offset (for members whose position cannot be
  /// explained by the ABI rules, such as `__attribute__((packed))` on one member).
  public var pinnedBitOffset: UInt64?

  public init(
    name: String?, type: TypeID, bitFieldSize: UInt64? = nil, explicitAlignment: UInt64? = nil,
    startsNewUnit: Bool = false, paddingBitsBefore: UInt64 = 0, pinnedBitOffset: UInt64? = nil
  ) {
    self.name = name
    self.type = type
    self.bitFieldSize = bitFieldSize
    self.explicitAlignment = explicitAlignment
    self.startsNewUnit = startsNewUnit
    self.paddingBitsBefore = paddingBitsBefore
    self.pinnedBitOffset = pinnedBitOffset
  }
}
