import ElfDwarf
import LayoutModel

extension TypeLoader {
  /// The file-scope variable defined at `offset`; nil when it has no name or type.
  func fileScopeVariable(at offset: DIEOffset) throws(LoaderError) -> DwarfVariable? {
    try staticVariable(try read { () throws(ElfDwarfError) in try file.die(at: offset) })
  }

  /// A variable entry with its name, type and linkage, taken from the entry it
  /// completes (`DW_AT_specification`) or instantiates (`DW_AT_abstract_origin`) when
  /// not its own, its type loaded, and where its storage is.
  func staticVariable(_ die: DIE) throws(LoaderError) -> DwarfVariable? {
    var facts = die
    if let declaration = die.reference(.specification) ?? die.reference(.abstractOrigin) {
      facts = try read { () throws(ElfDwarfError) in try file.die(at: declaration) }
    }
    guard let name = die.name ?? facts.name,
      let typeOffset = die.reference(.type) ?? facts.reference(.type)
    else { return nil }
    return DwarfVariable(
      name: name, function: nil, type: try load(typeOffset, depth: 0),
      isExternal: die.flag(.external) || facts.flag(.external), die: die.offset,
      place: try place(of: die))
  }

  /// The section and offset of a variable's storage: its location is one `DW_OP_addr`.
  func place(of die: DIE) throws(LoaderError) -> SectionOffset? {
    guard case .expression(let ops)? = die[.location], ops.count == 1,
      ops[0].atom == DwarfOperation.addr
    else { return nil }
    return try read { () throws(ElfDwarfError) in
      try file.sectionOffset(ofDwarfAddress: ops[0].number)
    }
  }
}
