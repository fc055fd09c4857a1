// DWARF constants as open sets: an unknown vendor tag or attribute still decodes.
// Values are the DWARF 5 standard's (section 7.5).

/// A DIE tag (`DW_TAG_*`).
public struct DwarfTag: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
  public var rawValue: UInt32
  public init(rawValue: UInt32) { self.rawValue = rawValue }

  /// `DW_TAG_array_type`
  public static let arrayType = Self(rawValue: 0x01)
  /// `DW_TAG_enumeration_type`
  public static let enumerationType = Self(rawValue: 0x04)
  /// `DW_TAG_lexical_block`
  public static let lexicalBlock = Self(rawValue: 0x0b)
  /// `DW_TAG_member`
  public static let member = Self(rawValue: 0x0d)
  /// `DW_TAG_pointer_type`
  public static let pointerType = Self(rawValue: 0x0f)
  /// `DW_TAG_reference_type`
  public static let referenceType = Self(rawValue: 0x10)
  /// `DW_TAG_compile_unit`
  public static let compileUnit = Self(rawValue: 0x11)
  /// `DW_TAG_structure_type`
  public static let structureType = Self(rawValue: 0x13)
  /// `DW_TAG_subroutine_type`
  public static let subroutineType = Self(rawValue: 0x15)
  /// `DW_TAG_typedef`
  public static let typedef = Self(rawValue: 0x16)
  /// `DW_TAG_union_type`
  public static let unionType = Self(rawValue: 0x17)
  /// `DW_TAG_unspecified_parameters`
  public static let unspecifiedParameters = Self(rawValue: 0x18)
  /// `DW_TAG_inheritance`
  public static let inheritance = Self(rawValue: 0x1c)
  /// `DW_TAG_subrange_type`
  public static let subrangeType = Self(rawValue: 0x21)
  /// `DW_TAG_base_type`
  public static let baseType = Self(rawValue: 0x24)
  /// `DW_TAG_const_type`
  public static let constType = Self(rawValue: 0x26)
  /// `DW_TAG_enumerator`
  public static let enumerator = Self(rawValue: 0x28)
  /// `DW_TAG_formal_parameter`
  public static let formalParameter = Self(rawValue: 0x05)
  /// `DW_TAG_subprogram`
  public static let subprogram = Self(rawValue: 0x2e)
  /// `DW_TAG_inlined_subroutine`
  public static let inlinedSubroutine = Self(rawValue: 0x1d)
  /// `DW_TAG_variable`
  public static let variable = Self(rawValue: 0x34)
  /// `DW_TAG_volatile_type`
  public static let volatileType = Self(rawValue: 0x35)
  /// `DW_TAG_restrict_type`
  public static let restrictType = Self(rawValue: 0x37)
  /// `DW_TAG_partial_unit`
  public static let partialUnit = Self(rawValue: 0x3c)
  /// `DW_TAG_unspecified_type`
  public static let unspecifiedType = Self(rawValue: 0x3b)
  /// `DW_TAG_type_unit`
  public static let typeUnit = Self(rawValue: 0x41)
  /// `DW_TAG_atomic_type`
  public static let atomicType = Self(rawValue: 0x47)
  /// `DW_TAG_class_type`
  public static let classType = Self(rawValue: 0x02)

  public var description: String { "DW_TAG 0x" + String(rawValue, radix: 16) }
}

/// A DIE attribute name (`DW_AT_*`).
public struct DwarfAttribute: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
  public var rawValue: UInt32
  public init(rawValue: UInt32) { self.rawValue = rawValue }

  /// `DW_AT_location`
  public static let location = Self(rawValue: 0x02)
  /// `DW_AT_name`
  public static let name = Self(rawValue: 0x03)
  /// `DW_AT_byte_size`
  public static let byteSize = Self(rawValue: 0x0b)
  /// `DW_AT_bit_offset` (DWARF 2/3; counts from the most significant bit)
  public static let bitOffset = Self(rawValue: 0x0c)
  /// `DW_AT_bit_size`
  public static let bitSize = Self(rawValue: 0x0d)
  /// `DW_AT_language`
  public static let language = Self(rawValue: 0x13)
  /// `DW_AT_upper_bound`
  public static let upperBound = Self(rawValue: 0x2f)
  /// `DW_AT_producer`
  public static let producer = Self(rawValue: 0x25)
  /// `DW_AT_prototyped`
  public static let prototyped = Self(rawValue: 0x27)
  /// `DW_AT_lower_bound`
  public static let lowerBound = Self(rawValue: 0x22)
  /// `DW_AT_count`
  public static let count = Self(rawValue: 0x37)
  /// `DW_AT_data_member_location`
  public static let dataMemberLocation = Self(rawValue: 0x38)
  /// `DW_AT_declaration`
  public static let declaration = Self(rawValue: 0x3c)
  /// `DW_AT_encoding`
  public static let encoding = Self(rawValue: 0x3e)
  /// `DW_AT_external`
  public static let external = Self(rawValue: 0x3f)
  /// `DW_AT_specification`
  public static let specification = Self(rawValue: 0x47)
  /// `DW_AT_type`
  public static let type = Self(rawValue: 0x49)
  /// `DW_AT_abstract_origin`
  public static let abstractOrigin = Self(rawValue: 0x31)
  /// `DW_AT_const_value`
  public static let constValue = Self(rawValue: 0x1c)
  /// `DW_AT_data_bit_offset` (DWARF 4+; counts from the start of the containing entity)
  public static let dataBitOffset = Self(rawValue: 0x6b)
  /// `DW_AT_alignment` (DWARF 5)
  public static let alignment = Self(rawValue: 0x88)
  /// `DW_AT_export_symbols` (DWARF 5; anonymous struct/union members)
  public static let exportSymbols = Self(rawValue: 0x89)
  /// `DW_AT_linkage_name`
  public static let linkageName = Self(rawValue: 0x6e)
  /// `DW_AT_inline` (on the abstract instance of an inlined subprogram)
  public static let inlineAttribute = Self(rawValue: 0x20)

  public var description: String { "DW_AT 0x" + String(rawValue, radix: 16) }
}

/// A DWARF expression operation (`DW_OP_*`), as libdw decodes it.
public struct DwarfOperation: Hashable, Sendable {
  /// The opcode.
  public var atom: UInt8
  /// The first operand.
  public var number: UInt64
  /// The second operand.
  public var number2: UInt64
  public init(atom: UInt8, number: UInt64, number2: UInt64 = 0) {
    self.atom = atom
    self.number = number
    self.number2 = number2
  }
  /// `DW_OP_plus_uconst`
  public static let plusUconst: UInt8 = 0x23
  /// `DW_OP_constu`
  public static let constu: UInt8 = 0x10
  /// `DW_OP_addr`
  public static let addr: UInt8 = 0x03
}

/// The base type encodings (`DW_ATE_*`) the layout code distinguishes.
public enum DwarfEncoding {
  /// `DW_ATE_boolean`
  public static let boolean: UInt64 = 0x02
  /// `DW_ATE_float`
  public static let float: UInt64 = 0x04
  /// `DW_ATE_signed`
  public static let signed: UInt64 = 0x05
  /// `DW_ATE_signed_char`
  public static let signedChar: UInt64 = 0x06
  /// `DW_ATE_unsigned`
  public static let unsigned: UInt64 = 0x07
  /// `DW_ATE_unsigned_char`
  public static let unsignedChar: UInt64 = 0x08
}
