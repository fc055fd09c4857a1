import System

/// Every failure of the reading layer: what was expected, what was found, and where.
///
/// Errors from libelf/libdw/libdwfl are captured at the failing call, with the call's
/// name, because `elf_errno`/`dwarf_errno`/`dwfl_errno` clear themselves when read.
public enum ElfDwarfError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The file could not be opened as an input, or changed while read.
  case input(InputFileError)
  /// The file could not be opened or read (`errno` text in `reason`).
  case unreadable(file: String, reason: String)
  /// The file is not an ELF object (what its first bytes look like in `found`).
  case notELF(file: String, found: String)
  /// The ELF headers are inconsistent or cut short.
  case malformedELF(file: String, reason: String)
  /// The file has no DWARF; `hasBTF` says whether a `.BTF` section is there instead.
  case noDWARF(file: String, hasBTF: Bool)
  /// A libelf, libdw or libdwfl call failed.
  case library(file: String, call: String, message: String)
  /// A DWARF entry is not what the reader needs.
  case badDIE(file: String, offset: DIEOffset, reason: String)
  /// Decompressing the file or a section failed.
  case decompression(file: String, what: String, reason: String)
  /// A size read from the file is beyond what the tool will allocate.
  case tooLarge(file: String, what: String, size: UInt64, limit: UInt64)
  /// Decompressing would go past `--max-decompressed`.
  case overCap(file: String, what: String, limit: UInt64)
  /// The file ends before what its headers describe.
  case truncated(file: String, reason: String)
  /// Reading the file would take more memory than the run's budget has left.
  case outOfMemory(file: String, MemoryBudgetError)

  public var description: String {
    switch self {
    case .input(let error):
      return error.description
    case .unreadable(let file, let reason):
      return "\(file): cannot read: \(reason)"
    case .notELF(let file, let found):
      return "\(file): not an ELF file (expected \\x7fELF magic, found \(found))"
    case .malformedELF(let file, let reason):
      return "\(file): malformed ELF: \(reason)"
    case .noDWARF(let file, let hasBTF):
      let btf =
        hasBTF
        ? "it has a .BTF section: read its types with --source btf or auto" : "no .BTF either"
      return
        "\(file): no DWARF debug info (no .debug_info section: stripped? \(btf); see --debug-dir)"
    case .library(let file, let call, let message):
      return "\(file): \(call) failed: \(message)"
    case .badDIE(let file, let offset, let reason):
      return "\(file): .debug_info DIE at \(offset): \(reason)"
    case .decompression(let file, let what, let reason):
      return "\(file): cannot decompress \(what): \(reason)"
    case .tooLarge(let file, let what, let size, let limit):
      return "\(file): \(what) claims \(size) bytes, more than the limit of \(limit)"
    case .overCap(let file, let what, let limit):
      return
        "\(file): \(what) is larger than the cap of \(ByteCount(limit)) (raise it with --max-decompressed)"
    case .truncated(let file, let reason):
      return "\(file): truncated: \(reason)"
    case .outOfMemory(let file, let error):
      return "\(file): \(error)"
    }
  }
}

/// A byte count as people write it: `256 MiB`, `2 GiB`, or bytes when not a round unit.
public struct ByteCount: CustomStringConvertible, Sendable {
  public let bytes: UInt64
  public init(_ bytes: UInt64) { self.bytes = bytes }

  public var description: String {
    for (shift, unit) in [(40, "TiB"), (30, "GiB"), (20, "MiB"), (10, "KiB")]
    where bytes >= 1 << shift && bytes % (1 << shift) == 0 {
      return "\(bytes >> shift) \(unit)"
    }
    return "\(bytes) bytes"
  }
}
