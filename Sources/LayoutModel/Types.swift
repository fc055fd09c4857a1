/// Identifies a type in a `TypeTable`: the DIE offset for loaded types, a fresh
/// number for types that what-if edits synthesize.
public struct TypeID: RawRepresentable, Hashable, Comparable, Sendable, Codable {
  public var rawValue: UInt64
  public init(rawValue: UInt64) { self.rawValue = rawValue }
  public init(_ rawValue: UInt64) { self.rawValue = rawValue }
  public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// `struct`, `union` or `class`.
public enum AggregateKind: String, Hashable, Sendable, Codable {
  case structure = "struct"
  case union = "union"
  case `class` = "class"
}

/// A C type qualifier.
public enum Qualifier: String, Hashable, Sendable, Codable {
  case const, volatile, restrict
  case atomic = "_Atomic"
}

/// What a base type's bits mean; decides printing, not layout.
public enum BaseEncoding: String, Hashable, Sendable, Codable {
  case signed, unsigned, boolean, float, other
}

/// One member of a struct or union. Positions are in bits from the start of the
/// containing aggregate: bytes are derived views, never stored.
public struct Member: Hashable, Sendable, Codable {
  /// nil for an anonymous struct or union member.
  public var name: String?
  public var type: TypeID
  /// The first bit the member occupies (for bit fields, the first bit in memory order
  /// counted from the aggregate's start on little-endian targets).
  public var bitOffset: UInt64
  /// The width of a bit field; nil for ordinary members.
  public var bitFieldSize: UInt64?
  /// `DW_AT_alignment` on the member (`__attribute__((aligned(N)))`, `_Alignas`).
  public var explicitAlignment: UInt64?

  public init(
    name: String?, type: TypeID, bitOffset: UInt64, bitFieldSize: UInt64? = nil,
    explicitAlignment: UInt64? = nil
  ) {
    self.name = name
    self.type = type
    self.bitOffset = bitOffset
    self.bitFieldSize = bitFieldSize
    self.explicitAlignment = explicitAlignment
  }

  /// Whether this is a bit field.
  public var isBitField: Bool { bitFieldSize != nil }
  /// The byte that holds the member's first bit.
  public var byteOffset: UInt64 { bitOffset / 8 }
}

/// A struct, union or class.
public struct AggregateType: Hashable, Sendable, Codable {
  public var kind: AggregateKind
  public var name: String?
  /// nil for a declaration whose definition is not in the file.
  public var byteSize: UInt64?
  public var members: [Member]
  /// `DW_AT_alignment` on the type.
  public var explicitAlignment: UInt64?
  /// A declaration only (`struct foo;`), size unknown here.
  public var isDeclaration: Bool
  /// Shown packed by where a struct or union of the file places it, not by its own
  /// layout (`TypeTable.inferPackingFromPlacement`).
  public var packedByPlacement = false

  public init(
    kind: AggregateKind, name: String?, byteSize: UInt64?, members: [Member],
    explicitAlignment: UInt64? = nil, isDeclaration: Bool = false
  ) {
    self.kind = kind
    self.name = name
    self.byteSize = byteSize
    self.members = members
    self.explicitAlignment = explicitAlignment
    self.isDeclaration = isDeclaration
  }
}

/// A C type as the layout code needs it.
public indirect enum CType: Hashable, Sendable, Codable {
  case void
  case base(name: String, byteSize: UInt64, encoding: BaseEncoding)
  /// A pointer; `target` nil means `void *`.
  case pointer(target: TypeID?, byteSize: UInt64)
  case aggregate(AggregateType)
  /// An enum; its enumerators print when it is anonymous and shown inline.
  case enumeration(name: String?, byteSize: UInt64?, enumerators: [Enumerator] = [])
  /// An array; one count per dimension, nil for a flexible or unknown bound.
  case array(element: TypeID, counts: [UInt64?])
  case typedef(name: String, target: TypeID?)
  case qualified(Qualifier, target: TypeID?)
  case function(returns: TypeID?, parameters: [TypeID], variadic: Bool)
  /// A type the loader could not represent (and why), kept so printing can say so.
  case unknown(String)
}
