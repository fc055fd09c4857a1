import Foundation

/// Says precisely why the first bytes of a file are not an ELF identification that
/// libelf accepts: the magic, or which byte of `e_ident` is wrong.
enum ElfIdent {
  static func notELF(_ bytes: [UInt8], path: String) -> ElfDwarfError {
    let magic: [UInt8] = [0x7F, 0x45, 0x4C, 0x46]
    guard bytes.starts(with: magic) else {
      return .notELF(file: path, found: describe(bytes))
    }
    func byte(_ i: Int) -> String {
      i < bytes.count ? "0x" + String(bytes[i], radix: 16) : "missing"
    }
    if bytes.count <= 4 || ![1, 2].contains(bytes[4]) {
      return .malformedELF(
        file: path, reason: "EI_CLASS (byte 4) is \(byte(4)), expected 1 (32-bit) or 2 (64-bit)")
    }
    if bytes.count <= 5 || ![1, 2].contains(bytes[5]) {
      return .malformedELF(
        file: path,
        reason: "EI_DATA (byte 5) is \(byte(5)), expected 1 (little-endian) or 2 (big-endian)")
    }
    if bytes.count <= 6 || bytes[6] != 1 {
      return .malformedELF(file: path, reason: "EI_VERSION (byte 6) is \(byte(6)), expected 1")
    }
    return .malformedELF(file: path, reason: "libelf does not accept its ELF header")
  }

  /// A short printable rendering of leading bytes, for "found …" in errors.
  static func describe(_ bytes: [UInt8]) -> String {
    if bytes.isEmpty { return "an empty file" }
    return bytes.prefix(4).map { String(format: "%02x", $0) }.joined(separator: " ")
  }
}
