/// BTF kinds (include/uapi/linux/btf.h). DECL_TAG, TYPE_TAG, ENUM64 and FLOAT are newer
/// than pahole 1.24 knows ("Unknown kind 17"); they are read like the others.
public enum BTFKind: UInt16, Sendable, CaseIterable {
  case void = 0, int, pointer, array, structure, union, enumeration, forward, typedef, volatile,
    const, restrict
  case function, functionPrototype, variable, dataSection, float, declarationTag, typeTag,
    enumeration64
}

/// What an `INT` type's encoding says.
public struct BTFIntEncoding: Hashable, Sendable {
  public var signed: Bool
  public var char: Bool
  public var boolean: Bool
  /// Bits used and the bit they start at (legacy bit fields).
  public var bits: UInt8
  public var offset: UInt8
}

/// A struct or union member. `bitFieldSize` is 0 for ordinary members.
public struct BTFMember: Hashable, Sendable {
  public var name: String?
  public var type: UInt32
  public var bitOffset: UInt32
  public var bitFieldSize: UInt32
}

/// An ENUM's or ENUM64's constant: its value's bits (an ENUM's 32, zero-extended) and
/// whether the enum's kind flag says they are signed.
public struct BTFEnumerator: Hashable, Sendable {
  public var name: String?
  public var bits: UInt64
}

/// An ENUM or ENUM64 with its constants.
public struct BTFEnumeration: Hashable, Sendable {
  public var name: String?
  public var size: UInt32
  /// ENUM64, or ENUM with 32-bit values.
  public var is64: Bool
  /// The kind flag: the values are signed (pahole ≥ 1.24 and the kernel encode it).
  public var isSigned: Bool
  public var enumerators: [BTFEnumerator]
}

/// One BTF type as plain values; ids refer to other types of the same `BTFFile`
/// (0 is `void`).
public struct BTFType: Hashable, Sendable {
  public var id: UInt32
  public var kind: BTFKind
  public var name: String?
  /// `size` for INT, STRUCT, UNION, ENUM, ENUM64, FLOAT, DATASEC; 0 otherwise.
  public var size: UInt32
  /// The referenced type for PTR, TYPEDEF, qualifiers, TYPE_TAG, FUNC, VAR, DECL_TAG;
  /// the return type for FUNC_PROTO.
  public var target: UInt32
  /// The kind flag: bit-field encoding of members, FWD of a union, signedness of enums.
  public var kindFlag: Bool
  public var members: [BTFMember] = []
  /// ARRAY: element type and count.
  public var element: UInt32 = 0
  public var count: UInt32 = 0
  /// INT only.
  public var intEncoding: BTFIntEncoding?
  /// FUNC_PROTO: parameter types; a trailing 0 means `...`.
  public var parameters: [UInt32] = []
}

/// Byte order of the BTF data (libbpf reads either on any host).
public enum BTFByteOrder: String, Sendable {
  case little, big
}
