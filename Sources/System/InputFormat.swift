/// The whole-file wrappers kernel modules ship in (`.ko.xz`, `.ko.gz`, `.ko.bz2`,
/// `.ko.zst`), recognized by their magic bytes, never by the file name.
public enum Compression: String, Sendable, CaseIterable {
  case xz, gzip, bzip2, zstd
}

/// What an input's first bytes say it is. Decided once, from the descriptor, when the
/// input is opened; the readers then take the path the format calls for.
public enum InputFormat: Sendable, Equatable {
  /// `\x7fELF`: an object, module or vmlinux (possibly with compressed sections).
  case elf
  /// A whole file wrapped by a compressor; what is inside is decided after unwrapping.
  case compressed(Compression)
  /// Raw BTF (magic 0xeB9F in either byte order): `/sys/kernel/btf/*`, a detached `.BTF`.
  case rawBTF
  /// Anything else (too short, text, another format).
  case other

  /// The format `prefix`, a file's first bytes, shows.
  public init(prefix: some Collection<UInt8>) {
    let bytes = Array(prefix.prefix(8))
    if bytes.starts(with: [0x7F, 0x45, 0x4C, 0x46]) {
      self = .elf
    } else if let compression = Self.compression(bytes) {
      self = .compressed(compression)
    } else if bytes.starts(with: [0x9F, 0xEB]) || bytes.starts(with: [0xEB, 0x9F]) {
      self = .rawBTF
    } else {
      self = .other
    }
  }

  /// The wrapper whose magic `bytes` start with, if any.
  static func compression(_ bytes: [UInt8]) -> Compression? {
    if bytes.starts(with: [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) { return .xz }
    if bytes.starts(with: [0x1F, 0x8B]) { return .gzip }
    if bytes.starts(with: [0x42, 0x5A, 0x68]) { return .bzip2 }
    if bytes.starts(with: [0x28, 0xB5, 0x2F, 0xFD]) { return .zstd }
    return nil
  }
}
