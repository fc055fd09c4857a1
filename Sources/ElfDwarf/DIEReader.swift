internal import CElfutils

/// Turning libdw's transient `Dwarf_Die` into `DIE` snapshots.
extension DwarfSession {
  /// The unit DIEs (compile and partial units) in file order.
  func unitOffsets() throws(ElfDwarfError) -> [DIEOffset] {
    var result: [DIEOffset] = []
    var cu: OpaquePointer? = nil
    while true {
      var next: OpaquePointer? = nil
      var version: Dwarf_Half = 0
      var unitType: UInt8 = 0
      var cudie = Dwarf_Die()
      let rc = dwarf_get_units(dwarf, cu, &next, &version, &unitType, &cudie, nil)
      if rc == 1 { break }
      guard rc == 0 else { throw dwarfError("dwarf_get_units") }
      result.append(DIEOffset(dwarf_dieoffset(&cudie)))
      cu = next
    }
    return result
  }

  /// The entry at `offset`.
  func die(at offset: DIEOffset) throws(ElfDwarfError) -> DIE {
    var raw = try rawDIE(at: offset)
    return snapshot(&raw)
  }

  /// libdw's entry at `offset`, for a walk that reads it in place.
  func rawDIE(at offset: DIEOffset) throws(ElfDwarfError) -> Dwarf_Die {
    var raw = Dwarf_Die()
    guard dwarf_offdie(dwarf, offset.rawValue, &raw) != nil else {
      throw .badDIE(
        file: path, offset: offset,
        reason: "no DIE at this offset (\(LibraryMessage.dwarf))")
    }
    return raw
  }

  /// The direct children of the entry at `offset`, in order.
  func children(of offset: DIEOffset) throws(ElfDwarfError) -> [DIE] {
    var result: [DIE] = []
    try forEachChild(of: offset) { raw in result.append(snapshot(&raw)) }
    return result
  }

  /// Calls `body` with each direct child of the entry at `offset`, without snapshotting.
  /// `dwarf_siblingof(&die, &die)` is an exclusivity violation in Swift, so the walk goes
  /// through a second variable.
  func forEachChild(
    of offset: DIEOffset, _ body: (inout Dwarf_Die) throws(ElfDwarfError) -> Void
  ) throws(ElfDwarfError) {
    var parent = try rawDIE(at: offset)
    try forEachChild(of: &parent, body)
  }

  /// The same walk from a DIE in hand: no lookup by offset, which in libdw 0.188 may
  /// search the unit tree that another thread is growing (see `ParallelScan`).
  func forEachChild(
    of parent: inout Dwarf_Die, _ body: (inout Dwarf_Die) throws(ElfDwarfError) -> Void
  ) throws(ElfDwarfError) {
    let offset = DIEOffset(dwarf_dieoffset(&parent))
    var child = Dwarf_Die()
    var rc = dwarf_child(&parent, &child)
    while rc == 0 {
      try body(&child)
      var next = Dwarf_Die()
      rc = dwarf_siblingof(&child, &next)
      child = next
    }
    guard rc == 1 else { throw dwarfError("dwarf_child/dwarf_siblingof under \(offset)") }
  }

  func snapshot(_ raw: inout Dwarf_Die) -> DIE {
    var collector = AttributeCollector()
    withUnsafeMutablePointer(to: &collector) { context in
      _ = dwarf_getattrs(
        &raw,
        { attribute, context in
          guard let attribute, let context else { return 0 }
          context.assumingMemoryBound(to: AttributeCollector.self).pointee.add(attribute)
          return 0  // DWARF_CB_OK
        }, context, 0)
    }
    return DIE(
      offset: DIEOffset(dwarf_dieoffset(&raw)),
      tag: DwarfTag(rawValue: UInt32(bitPattern: dwarf_tag(&raw))),
      hasChildren: dwarf_haschildren(&raw) > 0, attributes: collector.attributes)
  }
}

/// Accumulates attributes during `dwarf_getattrs`, decoding each by its form class.
private struct AttributeCollector {
  var attributes: [(DwarfAttribute, AttributeValue)] = []

  mutating func add(_ attribute: UnsafeMutablePointer<Dwarf_Attribute>) {
    let name = DwarfAttribute(rawValue: dwarf_whatattr(attribute))
    attributes.append((name, Self.decode(attribute, name: name)))
  }

  static func decode(
    _ attribute: UnsafeMutablePointer<Dwarf_Attribute>, name: DwarfAttribute
  ) -> AttributeValue {
    let form = dwarf_whatform(attribute)
    switch Int(form) {
    case DW_FORM_string, DW_FORM_strp, DW_FORM_line_strp, DW_FORM_strx, DW_FORM_strx1,
      DW_FORM_strx2, DW_FORM_strx3, DW_FORM_strx4, DW_FORM_GNU_str_index, DW_FORM_GNU_strp_alt,
      DW_FORM_strp_sup:
      return dwarf_formstring(attribute).map { .string(String(cString: $0)) }
        ?? .unsupported(form: form)
    case DW_FORM_ref1, DW_FORM_ref2, DW_FORM_ref4, DW_FORM_ref8, DW_FORM_ref_udata,
      DW_FORM_ref_addr, DW_FORM_ref_sig8, DW_FORM_GNU_ref_alt, DW_FORM_ref_sup4, DW_FORM_ref_sup8:
      var target = Dwarf_Die()
      guard dwarf_formref_die(attribute, &target) != nil else { return .unsupported(form: form) }
      return .reference(DIEOffset(dwarf_dieoffset(&target)))
    case DW_FORM_flag, DW_FORM_flag_present:
      var flag = false
      return dwarf_formflag(attribute, &flag) == 0 ? .flag(flag) : .unsupported(form: form)
    case DW_FORM_sdata, DW_FORM_implicit_const:
      var value: Dwarf_Sword = 0
      return dwarf_formsdata(attribute, &value) == 0 ? .signed(value) : .unsupported(form: form)
    case DW_FORM_data1, DW_FORM_data2, DW_FORM_data4, DW_FORM_data8, DW_FORM_udata:
      var value: Dwarf_Word = 0
      return dwarf_formudata(attribute, &value) == 0 ? .unsigned(value) : .unsupported(form: form)
    case DW_FORM_exprloc, DW_FORM_block, DW_FORM_block1, DW_FORM_block2, DW_FORM_block4:
      return expression(attribute, form: form)
    case DW_FORM_addr, DW_FORM_addrx, DW_FORM_addrx1, DW_FORM_addrx2, DW_FORM_addrx3,
      DW_FORM_addrx4, DW_FORM_GNU_addr_index:
      var address: Dwarf_Addr = 0
      return dwarf_formaddr(attribute, &address) == 0 ? .address(address) : .unsupported(form: form)
    default:
      return .unsupported(form: form)
    }
  }

  /// A block or exprloc as a DWARF expression (how DWARF 2/3 spell
  /// `DW_AT_data_member_location`: `DW_OP_plus_uconst N`).
  static func expression(
    _ attribute: UnsafeMutablePointer<Dwarf_Attribute>, form: UInt32
  ) -> AttributeValue {
    var ops: UnsafeMutablePointer<Dwarf_Op>? = nil
    var count = 0
    guard dwarf_getlocation(attribute, &ops, &count) == 0, let ops else {
      return .unsupported(form: form)
    }
    let decoded = (0..<count).map { i in
      addressIndexResolved(attribute, ops + i)
        ?? DwarfOperation(atom: ops[i].atom, number: ops[i].number, number2: ops[i].number2)
    }
    return .expression(decoded)
  }

  /// `DW_OP_addrx` (DWARF 5, what clang emits for a static's location) and the GNU
  /// `DW_OP_GNU_addr_index` name an entry of `.debug_addr`: read as the `DW_OP_addr` of
  /// the (relocated) address it holds, so readers see one spelling. nil for other
  /// operations, and for an index libdw cannot resolve (kept as it is).
  private static func addressIndexResolved(
    _ attribute: UnsafeMutablePointer<Dwarf_Attribute>, _ op: UnsafeMutablePointer<Dwarf_Op>
  ) -> DwarfOperation? {
    guard op.pointee.atom == UInt8(DW_OP_addrx) || op.pointee.atom == UInt8(DW_OP_GNU_addr_index)
    else { return nil }
    var entry = Dwarf_Attribute()
    var address: Dwarf_Addr = 0
    guard dwarf_getlocation_attr(attribute, op, &entry) == 0,
      dwarf_formaddr(&entry, &address) == 0
    else { return nil }
    return DwarfOperation(atom: DwarfOperation.addr, number: address)
  }
}
