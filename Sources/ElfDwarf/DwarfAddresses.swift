internal import CElfutils

/// Where an address of the DWARF (a `DW_OP_addr` operand) lies in the file's sections.
///
/// For an object or module (`ET_REL`) libdwfl lays the allocated sections out one after
/// another and relocates `.debug_*` against that layout, so a static's address is no
/// section offset and two statics at offset 8 of `.bss` and of `.data` differ; mapping
/// it back through the same layout gives the section and the offset in it.
public struct SectionOffset: Hashable, Sendable {
  public var section: SectionIndex
  public var offset: UInt64

  public init(section: SectionIndex, offset: UInt64) {
    self.section = section
    self.offset = offset
  }
}

extension ElfFile {
  /// The section holding `address` (a relocated `DW_OP_addr` of this file's DWARF) and
  /// the offset in it; nil when no section of the file holds it.
  public func sectionOffset(ofDwarfAddress address: UInt64) throws(ElfDwarfError) -> SectionOffset?
  {
    try dwarfSession().sectionOffset(of: address)
  }
}

extension DwarfSession {
  func sectionOffset(of address: UInt64) -> SectionOffset? {
    var relative = Dwarf_Addr(address)
    var bias: Dwarf_Addr = 0
    guard let scn = dwfl_module_address_section(module, &relative, &bias) else { return nil }
    return SectionOffset(section: SectionIndex(Int(elf_ndxscn(scn))), offset: UInt64(relative))
  }
}
