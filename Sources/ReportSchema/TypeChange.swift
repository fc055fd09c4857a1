import LayoutModel

/// How one type changed between two builds.
public struct TypeChange: Codable, Sendable, Equatable {
  public enum Kind: String, Codable, Sendable {
    case added, removed, grown, shrunk, changed
  }
  public var name: String
  /// `struct` or `union`.
  public var kind: TypeKind
  public var change: Kind
  public var oldSize: UInt64?
  public var newSize: UInt64?
  public var members: [MemberChange]
  /// Holes and tail padding before → after, in bytes.
  public var oldHoleBytes: UInt64?
  public var newHoleBytes: UInt64?
  public var oldPaddingBytes: UInt64?
  public var newPaddingBytes: UInt64?
  /// `DefinitionID`s of the two sides: which definition, when a name has several.
  public var oldDefinition: String?
  public var newDefinition: String?

  public init(
    name: String, kind: TypeKind, change: Kind, oldSize: UInt64?, newSize: UInt64?,
    members: [MemberChange],
    oldHoleBytes: UInt64?, newHoleBytes: UInt64?, oldPaddingBytes: UInt64?, newPaddingBytes: UInt64?
  ) {
    self.name = name
    self.kind = kind
    self.change = change
    self.oldSize = oldSize
    self.newSize = newSize
    self.members = members
    self.oldHoleBytes = oldHoleBytes
    self.newHoleBytes = newHoleBytes
    self.oldPaddingBytes = oldPaddingBytes
    self.newPaddingBytes = newPaddingBytes
  }

  public var key: TypeKey { TypeKey(name: name, kind: kind) }

  /// newSize − oldSize (an added type counts its size, a removed one minus its size).
  public var delta: Int64 { Int64(bitPattern: (newSize ?? 0) &- (oldSize ?? 0)) }
}

/// How one member changed.
public struct MemberChange: Codable, Sendable, Equatable {
  public enum Kind: String, Codable, Sendable {
    case added, removed, retyped, moved, resized
  }
  public var name: String
  public var change: Kind
  public var oldType: String?
  public var newType: String?
  public var oldOffset: UInt64?
  public var newOffset: UInt64?
  public var oldSize: UInt64?
  public var newSize: UInt64?
  public var oldBitSize: UInt64?
  public var newBitSize: UInt64?

  public init(
    name: String, change: Kind, oldType: String? = nil, newType: String? = nil,
    oldOffset: UInt64? = nil,
    newOffset: UInt64? = nil, oldSize: UInt64? = nil, newSize: UInt64? = nil,
    oldBitSize: UInt64? = nil,
    newBitSize: UInt64? = nil
  ) {
    self.name = name
    self.change = change
    self.oldType = oldType
    self.newType = newType
    self.oldOffset = oldOffset
    self.newOffset = newOffset
    self.oldSize = oldSize
    self.newSize = newSize
    self.oldBitSize = oldBitSize
    self.newBitSize = newBitSize
  }
}
