import ElfDwarf
import System

/// Where files' type indexes are kept between runs, as gdb keeps its index cache: one
/// file per input's DWARF, named by its build ID (by device and inode without one),
/// holding `name → (kind, unit, DIE offset, definition shape)` for every named type, so a
/// later query reads only the units it needs instead of every unit of the file.
///
/// The command line decides the directory (`$XDG_CACHE_HOME/klp-layout`) and whether
/// there is one at all (`--no-index`, `KLP_LAYOUT_INDEX=off`); the loaders are given it.
/// Nothing here is ever an error: a directory that cannot be made, read or written
/// costs the time of a pass over the file, and the output is the same either way.
public struct TypeIndexCache: Sendable, Hashable {
  public var directory: FilePath

  public init(directory: FilePath) { self.directory = directory }

  /// The index stored for `key`, when there is a whole, well-formed one.
  func read(_ key: TypeIndexKey) -> DefinitionIndex? {
    guard let file = try? InputFile.open(path(for: key), expecting: "a type index"),
      let bytes = try? file.readAll(limit: UInt64(TypeIndexFile.maxBytes))
    else { return nil }
    return TypeIndexFile.decode(bytes, key: key)
  }

  /// Whether an index stored for `key` could be read later: the directory exists (it is
  /// made, owner-only, when missing) and can be written.
  var isWritable: Bool {
    Directory.make(directory, permissions: 0o700) && Directory.isWritable(directory)
  }

  /// Stores `index` for `key` (the one writer: a temporary file renamed into place, so a
  /// reader sees a whole index or none); failures are ignored.
  func write(_ index: DefinitionIndex, for key: TypeIndexKey) {
    guard let bytes = TypeIndexFile.encode(index, key: key), isWritable else { return }
    try? AtomicFile.replace(path(for: key), with: bytes, permissions: 0o600, durable: false)
  }

  /// The name index stored for `key`, when there is a whole, well-formed one.
  func readNames(_ key: TypeIndexKey) -> NameIndex? {
    guard let file = try? InputFile.open(path(for: key, kind: "names"), expecting: "a name index"),
      let bytes = try? file.readAll(limit: UInt64(TypeIndexFile.maxBytes))
    else { return nil }
    return NameIndex(bytes, key: key)
  }

  /// Stores where every type name of the file is defined, as `write` stores an index.
  func write(_ postings: TypeNamePostings, for key: TypeIndexKey) {
    guard let bytes = NameIndex.encode(postings, key: key), isWritable else { return }
    try? AtomicFile.replace(
      path(for: key, kind: "names"), with: bytes, permissions: 0o600, durable: false)
  }

  /// `kind`: "types" for the definition index, "names" for the name index.
  func path(for key: TypeIndexKey, kind: String = "types") -> FilePath {
    let name =
      key.buildID.isEmpty
      ? "i-\(String(key.device, radix: 16))-\(String(key.inode, radix: 16))" : "b-\(key.buildID)"
    return directory.appending(FilePath(name + "." + kind))
  }
}

extension TypeIndexKey {
  /// The key of the file `file`'s DWARF is read from (its separate debug file when it
  /// has one); nil for an image in memory, which has no identity to check.
  init?(_ file: ElfFile) {
    let dwarf = file.debugFile ?? file
    guard let status = dwarf.inputStatus else { return nil }
    self.init(
      buildID: dwarf.buildID ?? "", size: status.size,
      modificationSeconds: Int64(status.modificationSeconds),
      modificationNanoseconds: Int64(status.modificationNanoseconds), inode: status.inode,
      device: status.device)
  }
}
