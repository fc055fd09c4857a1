import ElfDwarf
import LayoutModel

extension TypeLoader {
  /// A struct, union or class and its members.
  /// A struct, union or class; `shallow` skips the members (named types reached
  /// through pointers). Anonymous ones are always loaded whole: they print inline.
  func aggregate(_ die: DIE, depth: Int, shallow: Bool = false) throws(LoaderError) -> AggregateType
  {
    let kind: AggregateKind =
      die.tag == .unionType ? .union : die.tag == .classType ? .class : .structure
    let declaration = die.flag(.declaration)
    var members: [Member] = []
    if die.hasChildren && !shallow {
      for child in try read({ () throws(ElfDwarfError) in try file.children(of: die.offset) })
      where child.tag == .member {
        members.append(try member(child, depth: depth))
      }
    }
    return AggregateType(
      kind: kind, name: die.name, byteSize: declaration ? nil : die[.byteSize]?.unsignedValue,
      members: members, explicitAlignment: die[.alignment]?.unsignedValue,
      isDeclaration: declaration)
  }

  /// One `DW_TAG_member`, its position normalized to a bit offset from the start of
  /// the aggregate.
  func member(_ die: DIE, depth: Int) throws(LoaderError) -> Member {
    guard let typeOffset = die.reference(.type) else {
      throw .badEntry(
        file: file.path, offset: die.offset, reason: "DW_TAG_member has no DW_AT_type")
    }
    let type = try load(typeOffset, depth: depth + 1)
    let bitSize = die[.bitSize]?.unsignedValue
    return Member(
      name: die.name, type: type, bitOffset: try bitOffset(of: die, type: type, bitSize: bitSize),
      bitFieldSize: bitSize, explicitAlignment: die[.alignment]?.unsignedValue)
  }

  private func bitOffset(of die: DIE, type: TypeID, bitSize: UInt64?) throws(LoaderError) -> UInt64
  {
    // DWARF 4+: DW_AT_data_bit_offset counts from the start of the aggregate.
    if let bits = die[.dataBitOffset]?.unsignedValue { return bits }
    let byteOffset = try memberLocation(die)
    guard let width = bitSize, let legacy = die[.bitOffset]?.signedValue else {
      return byteOffset.multipliedReportingOverflow(by: 8).partialValue
    }
    // DWARF 2/3: DW_AT_bit_offset counts from the most significant bit of a storage
    // unit of DW_AT_byte_size (or the type's size) bytes at DW_AT_data_member_location.
    let unitBytes = die[.byteSize]?.unsignedValue ?? table.size(of: type) ?? 0
    let unitStart = Int64(clamping: byteOffset) &* 8
    let position: Int64
    if file.header.byteOrder == .big {
      position = unitStart &+ legacy
    } else {
      position = unitStart &+ Int64(clamping: unitBytes) &* 8 &- legacy &- Int64(clamping: width)
    }
    return UInt64(clamping: max(position, 0))
  }

  /// `DW_AT_data_member_location`: a constant (DWARF 3+) or a `DW_OP_plus_uconst`
  /// expression (DWARF 2); absent means 0, as in union members.
  private func memberLocation(_ die: DIE) throws(LoaderError) -> UInt64 {
    switch die[.dataMemberLocation] {
    case nil: return 0
    case .unsigned(let v): return v
    case .signed(let v) where v >= 0: return UInt64(v)
    case .expression(let ops)
    where ops.count == 1
      && (ops[0].atom == DwarfOperation.plusUconst || ops[0].atom == DwarfOperation.constu):
      return ops[0].number
    default:
      throw .badEntry(
        file: file.path, offset: die.offset,
        reason: "DW_AT_data_member_location is not a constant or DW_OP_plus_uconst")
    }
  }

  /// An array type with one count per `DW_TAG_subrange_type`.
  func array(_ die: DIE, depth: Int) throws(LoaderError) -> CType {
    guard let element = try target(of: die, depth: depth) else {
      throw .badEntry(
        file: file.path, offset: die.offset, reason: "DW_TAG_array_type has no DW_AT_type")
    }
    var counts: [UInt64?] = []
    if die.hasChildren {
      for child in try read({ () throws(ElfDwarfError) in try file.children(of: die.offset) })
      where child.tag == .subrangeType {
        counts.append(count(of: child))
      }
    }
    return .array(element: element, counts: counts.isEmpty ? [nil] : counts)
  }

  /// Elements in one dimension: `DW_AT_count`, or upper − lower + 1. nil when unknown
  /// (flexible array members have neither); 0 for `[0]`, spelled upper = -1.
  private func count(of subrange: DIE) -> UInt64? {
    if let count = subrange[.count]?.unsignedValue { return count }
    guard let upperValue = subrange[.upperBound] else { return nil }
    let lower = subrange[.lowerBound]?.signedValue ?? 0
    let upper: Int64
    switch upperValue {
    case .signed(let v): upper = v
    case .unsigned(let v):
      upper = v == UInt64.max || v == UInt64(UInt32.max) ? -1 : Int64(clamping: v)
    default: return nil
    }
    let (span, overflow) = upper.subtractingReportingOverflow(lower)
    guard !overflow, span >= -1, span < Int64.max else { return nil }
    return UInt64(span + 1)
  }
}
