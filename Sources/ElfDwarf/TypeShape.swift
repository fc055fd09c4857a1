#if canImport(Glibc)
  import Glibc
#endif
internal import CElfutils

/// What tells same-named definitions apart, hashed: the first pass computes it for every
/// struct, union and class DIE of a file (a kernel's units repeat their headers' types,
/// so a debug vmlinux has hundreds of thousands), and the type index stores it, so it
/// is read in as few libdw calls as the facts allow.
extension DwarfSession {
  /// A hash of the byte size and, per member, its name, location, bit offset and width:
  /// stable across runs and hosts (not Swift's seeded `Hasher`).
  static func shape(of raw: inout Dwarf_Die) -> UInt64 {
    shape(of: &raw, namesByAddress: false)
  }

  /// The same with the names that libdw keeps in a string section (`.debug_str`, every
  /// name longer than a few bytes) hashed by where they are, not by their bytes: equal
  /// addresses are equal names, and the bytes, scattered over megabytes of strings, are
  /// never touched. Only for telling repeats apart within one run: two equal names at
  /// different addresses give different hashes, which a caller must allow for.
  static func identity(of raw: inout Dwarf_Die) -> UInt64 {
    shape(of: &raw, namesByAddress: true)
  }

  private static func shape(of raw: inout Dwarf_Die, namesByAddress: Bool) -> UInt64 {
    var hash = ShapeHash()
    hash.mix(number(&raw, DW_AT_byte_size))
    var child = Dwarf_Die()
    var rc = dwarf_child(&raw, &child)
    while rc == 0 {
      if Int(dwarf_tag(&child)) == DW_TAG_member {
        // One walk over the member's attributes, not a lookup per attribute: most
        // members have none of the three bit-field attributes, and each lookup of an
        // absent one walked all of them.
        var facts = MemberFacts()
        withUnsafeMutablePointer(to: &facts) { context in
          _ = dwarf_getattrs(&child, MemberFacts.collect, context, 0)
        }
        if let name = facts.name {
          if namesByAddress && !facts.nameInline {
            hash.mix(UInt64(UInt(bitPattern: name)))
          } else {
            hash.mix(name)
          }
        }
        hash.mix(facts.location)
        hash.mix(facts.dataBitOffset)
        hash.mix(facts.bitOffset)
        hash.mix(facts.bitSize)
      }
      var next = Dwarf_Die()
      rc = dwarf_siblingof(&child, &next)
      child = next
    }
    return hash.value
  }

  /// An attribute's constant: `UInt64.max` when absent, `max - 1` when not a constant
  /// (a DWARF 2 location expression).
  static func number(_ die: inout Dwarf_Die, _ attribute: Int) -> UInt64 {
    var attr = Dwarf_Attribute()
    guard dwarf_attr(&die, UInt32(attribute), &attr) != nil else { return UInt64.max }
    return MemberFacts.constant(&attr)
  }
}

/// The facts of one member that its shape hashes, gathered by `dwarf_getattrs`.
private struct MemberFacts {
  var name: UnsafePointer<CChar>?
  /// `DW_FORM_string`: the name is in the DIE itself (a new address in every unit).
  var nameInline = false
  var location = UInt64.max
  var dataBitOffset = UInt64.max
  var bitOffset = UInt64.max
  var bitSize = UInt64.max

  static func constant(_ attribute: UnsafeMutablePointer<Dwarf_Attribute>) -> UInt64 {
    var value: Dwarf_Word = 0
    return dwarf_formudata(attribute, &value) == 0 ? value : UInt64.max - 1
  }

  /// The `dwarf_getattrs` callback: a C function, so it captures nothing and finds the
  /// facts through its context pointer.
  static let collect:
    @convention(c) (UnsafeMutablePointer<Dwarf_Attribute>?, UnsafeMutableRawPointer?) -> Int32 = {
      attribute, context in
      guard let attribute, let context else { return 0 }
      let facts = context.assumingMemoryBound(to: MemberFacts.self)
      switch Int(dwarf_whatattr(attribute)) {
      case DW_AT_name:
        facts.pointee.name = dwarf_formstring(attribute)
        facts.pointee.nameInline = Int(dwarf_whatform(attribute)) == DW_FORM_string
      case DW_AT_data_member_location: facts.pointee.location = constant(attribute)
      case DW_AT_data_bit_offset: facts.pointee.dataBitOffset = constant(attribute)
      case DW_AT_bit_offset: facts.pointee.bitOffset = constant(attribute)
      case DW_AT_bit_size: facts.pointee.bitSize = constant(attribute)
      default: break
      }
      return 0  // DWARF_CB_OK
    }
}

/// A 64-bit hash fed eight bytes at a time (a multiply and a shift per word, where
/// FNV-1a byte by byte was a quarter of a whole pass): what tells definitions apart in
/// one run and in the stored index (whose version changes with it), never across hosts'
/// byte orders' meaning (numbers are fed as numbers).
struct ShapeHash {
  private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

  @inline(__always) mutating func mix(_ word: UInt64) {
    value = (value ^ word) &* 0x9E37_79B9_7F4A_7C15
    value ^= value >> 29
  }

  /// The string's bytes in little-endian words, then its length.
  mutating func mix(_ string: UnsafePointer<CChar>) {
    let length = strlen(string)
    let raw = UnsafeRawPointer(string)
    var at = 0
    while at + 8 <= length {
      mix(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt64.self)))
      at += 8
    }
    var tail: UInt64 = 0
    for i in at..<length {
      tail |= UInt64(raw.load(fromByteOffset: i, as: UInt8.self)) << ((i - at) * 8)
    }
    mix(tail)
    mix(UInt64(length))
  }
}
