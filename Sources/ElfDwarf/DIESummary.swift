internal import CElfutils

/// The few facts about a top-level entry that an index needs, read without
/// snapshotting every attribute: the cheap first pass over a large file.
public struct DIESummary: Hashable, Sendable {
  public var offset: DIEOffset
  public var tag: DwarfTag
  /// `DW_AT_name`, if any.
  public var name: String?
  /// `DW_AT_declaration` is set.
  public var isDeclaration: Bool
  /// For a struct, union or class definition found by the type index: a hash of what
  /// pahole tells same-named definitions apart by (size, member names, offsets and
  /// bit-field widths), so distinct definitions are found without loading them all.
  public var shape: UInt64 = 0
  /// The unit it belongs to (its unit DIE's offset), where the scan says.
  public var unit = DIEOffset(0)

  public init(
    offset: DIEOffset, tag: DwarfTag, name: String?, isDeclaration: Bool, shape: UInt64 = 0,
    unit: DIEOffset = DIEOffset(0)
  ) {
    self.offset = offset
    self.tag = tag
    self.name = name
    self.isDeclaration = isDeclaration
    self.shape = shape
    self.unit = unit
  }
}

extension DwarfSession {
  func topLevelSummaries(of unit: DIEOffset) throws(ElfDwarfError) -> [DIESummary] {
    var result: [DIESummary] = []
    try forEachChild(of: unit) { raw in
      var attribute = Dwarf_Attribute()
      var declaration = false
      if dwarf_attr(&raw, UInt32(DW_AT_declaration), &attribute) != nil {
        _ = dwarf_formflag(&attribute, &declaration)
      }
      result.append(
        DIESummary(
          offset: DIEOffset(dwarf_dieoffset(&raw)),
          tag: DwarfTag(rawValue: UInt32(bitPattern: dwarf_tag(&raw))),
          name: dwarf_diename(&raw).map { String(cString: $0) },
          isDeclaration: declaration))
    }
    return result
  }
}

extension DwarfSession {
  /// The facts the first pass records of a type DIE (name, tag, declaration, unit, and
  /// for a struct, union or class its shape), read at `offset`; nil when libdw finds no
  /// entry there. For checking what an index said before trusting it.
  func typeSummary(at offset: DIEOffset) -> DIESummary? {
    var raw = Dwarf_Die()
    var unit = Dwarf_Die()
    guard dwarf_offdie(dwarf, offset.rawValue, &raw) != nil,
      dwarf_diecu(&raw, &unit, nil, nil) != nil
    else { return nil }
    let tag = dwarf_tag(&raw)
    var attribute = Dwarf_Attribute()
    var declaration = false
    if dwarf_attr(&raw, UInt32(DW_AT_declaration), &attribute) != nil {
      _ = dwarf_formflag(&attribute, &declaration)
    }
    let isAggregate = [DW_TAG_structure_type, DW_TAG_union_type, DW_TAG_class_type].contains(
      Int(tag))
    return DIESummary(
      offset: DIEOffset(dwarf_dieoffset(&raw)), tag: DwarfTag(rawValue: UInt32(bitPattern: tag)),
      name: dwarf_diename(&raw).map { String(cString: $0) }, isDeclaration: declaration,
      shape: isAggregate ? Self.shape(of: &raw) : 0, unit: DIEOffset(dwarf_dieoffset(&unit)))
  }
}

extension ElfFile {
  /// `DwarfSession.typeSummary(at:)`: nil when there is no entry at `offset` (or no DWARF).
  public func typeSummary(at offset: DIEOffset) -> DIESummary? {
    (try? dwarfSession())?.typeSummary(at: offset)
  }

  /// Summaries of the direct children of a unit DIE, in order.
  public func topLevelSummaries(of unit: DIEOffset) throws(ElfDwarfError) -> [DIESummary] {
    try dwarfSession().topLevelSummaries(of: unit)
  }
}
