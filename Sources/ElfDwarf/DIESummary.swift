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

extension ElfFile {
  /// Summaries of the direct children of a unit DIE, in order.
  public func topLevelSummaries(of unit: DIEOffset) throws(ElfDwarfError) -> [DIESummary] {
    try dwarfSession().topLevelSummaries(of: unit)
  }
}
