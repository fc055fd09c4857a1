/// One attribute's value, copied out of libdw.
public enum AttributeValue: Hashable, Sendable {
  /// A constant of an unsigned or unspecified-sign form (`DW_FORM_data*`, `udata`).
  case unsigned(UInt64)
  /// A constant of a signed form (`DW_FORM_sdata`, `implicit_const`).
  case signed(Int64)
  /// A string (`DW_FORM_string`, `strp`, `strx*`, `line_strp`).
  case string(String)
  /// A reference to another DIE, resolved to its `.debug_info` offset.
  case reference(DIEOffset)
  /// A flag (`DW_FORM_flag`, `flag_present`).
  case flag(Bool)
  /// A DWARF expression (`DW_FORM_exprloc`, or a block used as a location).
  case expression([DwarfOperation])
  /// An address (`DW_FORM_addr*`).
  case address(UInt64)
  /// A form the reader does not decode (the raw `DW_FORM_*` code).
  case unsupported(form: UInt32)

  /// The value as an unsigned constant, if it is one that fits.
  public var unsignedValue: UInt64? {
    switch self {
    case .unsigned(let v): return v
    case .signed(let v): return v >= 0 ? UInt64(v) : nil
    default: return nil
    }
  }

  /// The value as a signed constant, if it is one that fits.
  public var signedValue: Int64? {
    switch self {
    case .unsigned(let v): return v <= UInt64(Int64.max) ? Int64(v) : nil
    case .signed(let v): return v
    default: return nil
    }
  }
}

/// A snapshot of one debugging information entry: no libdw pointer survives in it.
public struct DIE: Hashable, Sendable {
  /// Where the entry is in `.debug_info`.
  public var offset: DIEOffset
  /// What kind of entry it is.
  public var tag: DwarfTag
  /// Whether the entry owns children.
  public var hasChildren: Bool
  /// Its attributes in the order the abbreviation lists them.
  public var attributes: [(DwarfAttribute, AttributeValue)]

  public init(
    offset: DIEOffset, tag: DwarfTag, hasChildren: Bool,
    attributes: [(DwarfAttribute, AttributeValue)]
  ) {
    self.offset = offset
    self.tag = tag
    self.hasChildren = hasChildren
    self.attributes = attributes
  }

  /// The value of `attribute`, if present. Entries carry a handful of attributes,
  /// so a linear scan beats a dictionary here.
  public subscript(_ attribute: DwarfAttribute) -> AttributeValue? {
    attributes.first { $0.0 == attribute }?.1
  }

  /// `DW_AT_name` as a string.
  public var name: String? {
    if case .string(let s) = self[.name] { return s }
    return nil
  }

  /// The DIE that `attribute` refers to.
  public func reference(_ attribute: DwarfAttribute) -> DIEOffset? {
    if case .reference(let r) = self[attribute] { return r }
    return nil
  }

  /// Whether a flag attribute is present and set.
  public func flag(_ attribute: DwarfAttribute) -> Bool {
    if case .flag(let f) = self[attribute] { return f }
    return false
  }

  public static func == (a: DIE, b: DIE) -> Bool {
    a.offset == b.offset && a.tag == b.tag && a.hasChildren == b.hasChildren
      && a.attributes.elementsEqual(b.attributes) { $0.0 == $1.0 && $0.1 == $1.1 }
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(offset)
    hasher.combine(tag)
  }
}
