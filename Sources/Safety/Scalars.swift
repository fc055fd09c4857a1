import LayoutModel

/// Initial values as C would write them, read from a variable's contents in the
/// target's byte order.
enum Scalars {
  /// A base type's value: an integer (signed or not, as its encoding says), `true` or
  /// `false`, a floating-point number, a character; a relocated value as what it points to.
  static func text(
    _ c: DataContents, at offset: UInt64, width: UInt64, encoding: BaseEncoding, name: String,
    bigEndian: Bool
  ) -> String {
    if let r = c.reference(at: offset) { return reference(r.target) }
    guard let bits = integer(c, at: offset, width: width, bigEndian: bigEndian) else {
      return bytesText(c, at: offset)
    }
    switch encoding {
    case .signed: return String(signExtended(bits, width: width * 8))
    case .boolean: return bits == 0 ? "false" : "true"
    case .float where width == 4: return String(Float(bitPattern: UInt32(truncatingIfNeeded: bits)))
    case .float where width == 8: return String(Double(bitPattern: bits))
    case .float: return bytesText(c, at: offset)
    default: return String(bits)
    }
  }

  /// An enum's value, by its enumerator's name when one has it.
  static func enumText(
    _ c: DataContents, at offset: UInt64, width: UInt64, enumerators: [Enumerator], bigEndian: Bool
  ) -> String {
    guard let bits = integer(c, at: offset, width: width, bigEndian: bigEndian) else {
      return bytesText(c, at: offset)
    }
    let named = enumerators.first { e in
      switch e.value {
      case .signed(let v): return UInt64(bitPattern: v) == bits
      case .unsigned(let v): return v == bits
      }
    }
    return named?.name ?? String(bits)
  }

  /// A pointer: `&symbol`, `&symbol+8`, a string literal in quotes, `NULL`, or the
  /// number it holds when nothing relocates it.
  static func pointerText(
    _ c: DataContents, at offset: UInt64, width: UInt64, bigEndian: Bool
  ) -> String {
    if let r = c.reference(at: offset) { return reference(r.target) }
    guard let bits = integer(c, at: offset, width: width, bigEndian: bigEndian) else {
      return bytesText(c, at: offset)
    }
    return bits == 0 ? "NULL" : "0x" + String(bits, radix: 16)
  }

  static func reference(_ target: DataReference.Target) -> String {
    switch target {
    case .symbol(let name, let addend) where name.isEmpty: return "0x" + String(addend, radix: 16)
    case .symbol(let name, let addend) where addend == 0: return "&" + name
    case .symbol(let name, let addend) where addend > 0: return "&\(name)+\(addend)"
    case .symbol(let name, let addend): return "&\(name)-\(0 &- addend)"
    case .string(let bytes): return quoted(bytes)
    case .anonymous: return "&<anonymous constant>"
    }
  }

  /// Up to 8 bytes from `offset`, in hex.
  static func bytesText(_ c: DataContents, at offset: UInt64) -> String {
    let end = Swift.min(c.size, offset &+ 8)
    guard offset < end else { return "(none)" }
    return "bytes " + (offset..<end).map { hex(c.byte(at: $0)) }.joined(separator: " ")
  }

  /// A `char` array's text up to its first NUL, quoted.
  static func quoted(_ c: DataContents, from offset: UInt64, count: UInt64) -> String {
    var bytes: [UInt8] = []
    var i: UInt64 = 0
    while i < Swift.min(count, 4096) && c.byte(at: offset &+ i) != 0 {
      bytes.append(c.byte(at: offset &+ i))
      i += 1
    }
    return quoted(bytes)
  }

  /// In double quotes, with C's escapes for quotes, backslashes and bytes that are not
  /// printable ASCII.
  static func quoted(_ bytes: [UInt8]) -> String {
    var out = "\""
    for b in bytes {
      switch b {
      case 0x22: out += "\\\""
      case 0x5C: out += "\\\\"
      case 0x0A: out += "\\n"
      case 0x09: out += "\\t"
      case 0x20...0x7E: out.append(Character(Unicode.Scalar(b)))
      default: out += "\\x" + hex(b)
      }
    }
    return out + "\""
  }

  /// The `width`-byte unsigned integer at `offset`; nil past 8 bytes.
  static func integer(
    _ c: DataContents, at offset: UInt64, width: UInt64, bigEndian: Bool
  ) -> UInt64? {
    guard width > 0, width <= 8 else { return nil }
    var value: UInt64 = 0
    for i in 0..<width {
      let byte = c.byte(at: offset &+ (bigEndian ? i : width - 1 - i))
      value = value << 8 | UInt64(byte)
    }
    return value
  }

  /// A bit field's value. Its first bit is counted from the start of the variable in
  /// the target's own order: from the least significant bit of the first byte on a
  /// little-endian target, from the most significant on a big-endian one (DWARF's
  /// `DW_AT_data_bit_offset`).
  static func bitField(
    _ c: DataContents, firstBit: UInt64, width: UInt64, signed: Bool, bigEndian: Bool
  ) -> Int64? {
    guard width > 0, width <= 64 else { return nil }
    let firstByte = firstBit / 8
    let skip = firstBit % 8
    let count = (skip + width + 7) / 8
    guard count <= 8, let raw = integer(c, at: firstByte, width: count, bigEndian: bigEndian) else {
      return nil
    }
    let shift = bigEndian ? count * 8 - skip - width : skip
    let mask: UInt64 = width == 64 ? .max : (1 << width) - 1
    let bits = (raw >> shift) & mask
    return signed ? signExtended(bits, width: width) : Int64(bitPattern: bits)
  }

  static func signExtended(_ bits: UInt64, width: UInt64) -> Int64 {
    guard width > 0, width < 64 else { return Int64(bitPattern: bits) }
    let shift = 64 - width
    return Int64(bitPattern: bits << shift) >> Int64(shift)
  }

  static func isSigned(_ type: CType) -> Bool {
    switch type {
    case .base(_, _, .signed): return true
    default: return false
    }
  }

  static func isCharacter(_ type: CType?) -> Bool {
    if case .base(let name, 1, _)? = type { return name.contains("char") }
    return false
  }

  static func hex(_ b: UInt8) -> String {
    let digits = Array("0123456789abcdef")
    return String([digits[Int(b >> 4)], digits[Int(b & 15)]])
  }
}
