import System

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

  /// What the leading bytes show the file to be, for "found …" in errors: a format
  /// klp-layout knows, or nothing more. Never the bytes: an input may be a symlink to
  /// a secret (`/etc/shadow` began "72 6f 6f 74", "root"), and the message goes to a
  /// CI log.
  static func describe(_ bytes: [UInt8]) -> String {
    if bytes.isEmpty { return "an empty file" }
    switch InputFormat(prefix: bytes) {
    case .rawBTF: return "raw BTF"
    case .compressed(let compression): return "a \(compression.rawValue) stream"
    case .elf: return "an ELF identification libelf does not accept"
    case .other: return "another format"
    }
  }
}
