internal import CElfutils

extension ElfFile {
  /// The top-level subprogram whose code starts at `address` (its `DW_AT_low_pc`, or the
  /// start of one of its `DW_AT_ranges`), found through the unit `.debug_aranges` says
  /// covers the address: one unit is read, not the file. nil when no unit covers it (or
  /// the file has no address index) or none of the unit's subprograms starts there.
  /// For a linked file (a vmlinux), whose addresses are its symbols' values.
  public func subprogram(startingAt address: UInt64) throws(ElfDwarfError) -> DIEOffset? {
    try dwarfSession().subprogram(startingAt: address)
  }
}

extension DwarfSession {
  func subprogram(startingAt address: UInt64) throws(ElfDwarfError) -> DIEOffset? {
    var unit = Dwarf_Die()
    guard dwarf_addrdie(dwarf, address, &unit) != nil else { return nil }
    var found: DIEOffset?
    try forEachChild(of: &unit) { raw in
      guard found == nil, Int(dwarf_tag(&raw)) == DW_TAG_subprogram,
        Self.startsAt(&raw, address)
      else { return }
      found = DIEOffset(dwarf_dieoffset(&raw))
    }
    return found
  }

  /// Whether one of the entry's address ranges begins at `address` (a function split
  /// into hot and `.cold` parts has two). Bounded: a hostile range list ends the walk.
  private static func startsAt(_ die: inout Dwarf_Die, _ address: UInt64) -> Bool {
    var base: Dwarf_Addr = 0
    var start: Dwarf_Addr = 0
    var end: Dwarf_Addr = 0
    var offset = dwarf_ranges(&die, 0, &base, &start, &end)
    var ranges = 0
    while offset > 0 && ranges < 4096 {
      if start == address { return true }
      offset = dwarf_ranges(&die, offset, &base, &start, &end)
      ranges += 1
    }
    return false
  }
}
