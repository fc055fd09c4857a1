import ElfDwarf

/// Which file's DWARF an index describes: its build ID and what `fstat` said of it. An
/// index whose key differs in anything is stale.
struct TypeIndexKey: Equatable {
  /// The GNU build ID, lowercase hex ("" when the file has none).
  var buildID: String
  var size: UInt64
  var modificationSeconds: Int64
  var modificationNanoseconds: Int64
  var inode: UInt64
  var device: UInt64
}

/// The stored form of a `DefinitionIndex`, little-endian whatever the host:
///
///     "KLPTYPES" u32 version
///     u64 size, i64 mtime seconds, i64 nanoseconds, u64 inode, u64 device
///     u32 build-ID length, build-ID bytes
///     u32 entry count, u32 name bytes
///     entries, 40 bytes each: u8 kind, 3 zero bytes, u32 name offset, u32 name
///       length, 4 zero bytes, u64 unit, u64 DIE offset, u64 shape
///     names (UTF-8, back to back)
///     u64 FNV-1a of every byte before it
///
/// Decoding trusts nothing: any short, foreign, inconsistent or corrupt file (or one
/// larger than `maxBytes`) decodes to nil and is rebuilt; a well-formed one is still
/// only a hint, each DIE checked before use (`TypeLoader.checked`).
enum TypeIndexFile {
  static let magic = Array("KLPTYPES".utf8)
  static let version: UInt32 = 1
  /// No index is written or read beyond this (a 6.1 debug vmlinux's definition index is
  /// 0.6 MB, its name index 4.2 MB).
  static let maxBytes = 64 << 20
  static let entryBytes = 40

  /// The kinds of entry, as stored.
  static let tags: [DwarfTag] = [
    .structureType, .unionType, .classType, .enumerationType, .typedef, .baseType,
  ]

  static func encode(_ index: DefinitionIndex, key: TypeIndexKey) -> [UInt8]? {
    var out = ByteWriter()
    out.bytes += magic
    out.u32(version)
    out.key(key)
    let entries = index.allEntries
    var names: [UInt8] = []
    var records = ByteWriter()
    for entry in entries {
      guard let kind = tags.firstIndex(of: entry.tag) else { return nil }
      let name = Array(entry.name.utf8)
      records.bytes += [UInt8(kind), 0, 0, 0]
      records.u32(UInt32(names.count))
      records.u32(UInt32(name.count))
      records.u32(0)
      for value in [entry.unit.rawValue, entry.offset.rawValue, entry.shape] { records.u64(value) }
      names += name
    }
    out.u32(UInt32(entries.count))
    out.u32(UInt32(names.count))
    out.bytes += records.bytes
    out.bytes += names
    out.u64(checksum(out.bytes[...]))
    return out.bytes.count <= maxBytes ? out.bytes : nil
  }

  /// The index `bytes` hold, when they are a whole, well-formed index for `key`.
  static func decode(_ bytes: [UInt8], key: TypeIndexKey) -> DefinitionIndex? {
    guard bytes.count >= magic.count + 8, bytes.count <= maxBytes,
      bytes.starts(with: magic)
    else { return nil }
    var reader = ByteReader(bytes: bytes[..<(bytes.count - 8)], at: magic.count)
    var tail = ByteReader(bytes: bytes[...], at: bytes.count - 8)
    guard tail.u64() == checksum(bytes[..<(bytes.count - 8)]), reader.u32() == version,
      reader.key() == key, let count = reader.u32().map(Int.init),
      let nameBytes = reader.u32().map(Int.init),
      reader.remaining == count * entryBytes + nameBytes
    else { return nil }
    let names = reader.bytes[(reader.at + count * entryBytes)...]
    var index = DefinitionIndex()
    var seen = Set<DefinitionIndex.DistinctKey>()
    for _ in 0..<count {
      guard let entry = reader.entry(names: names) else { return nil }
      // Added by the rules an index is made by: a stored file that breaks them is not
      // taken for more than they allow.
      index.add(entry, seen: &seen)
    }
    return index
  }

  /// FNV-1a, 64 bits, over `bytes`.
  static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return hash
  }
}

struct ByteWriter {
  var bytes: [UInt8] = []

  // Little-endian, each number's bytes appended at once: byte by byte, the name index's
  // million offsets were four million appends, on one thread after a first `-t`'s pass.
  mutating func u32(_ value: UInt32) {
    withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
  }

  mutating func u64(_ value: UInt64) {
    withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
  }

  mutating func key(_ key: TypeIndexKey) {
    u64(key.size)
    u64(UInt64(bitPattern: key.modificationSeconds))
    u64(UInt64(bitPattern: key.modificationNanoseconds))
    u64(key.inode)
    u64(key.device)
    let id = Array(key.buildID.utf8)
    u32(UInt32(id.count))
    bytes += id
  }
}

/// Reads what `ByteWriter` wrote, every read bounded by the bytes there are: nil past
/// the end.
struct ByteReader {
  let bytes: ArraySlice<UInt8>
  var at: Int

  var remaining: Int { bytes.endIndex - at }

  mutating func take(_ count: Int) -> ArraySlice<UInt8>? {
    guard count >= 0, remaining >= count else { return nil }
    defer { at += count }
    return bytes[at..<(at + count)]
  }

  mutating func u32() -> UInt32? {
    take(4).map { $0.reversed().reduce(0) { $0 << 8 | UInt32($1) } }
  }

  mutating func u64() -> UInt64? {
    take(8).map { $0.reversed().reduce(0) { $0 << 8 | UInt64($1) } }
  }

  mutating func key() -> TypeIndexKey? {
    guard let size = u64(), let seconds = u64(), let nanoseconds = u64(), let inode = u64(),
      let device = u64(), let length = u32(), length <= 128, let id = take(Int(length))
    else { return nil }
    return TypeIndexKey(
      buildID: String(decoding: id, as: UTF8.self), size: size,
      modificationSeconds: Int64(bitPattern: seconds),
      modificationNanoseconds: Int64(bitPattern: nanoseconds), inode: inode, device: device)
  }

  /// One entry, its name taken from `names` (nil for a kind or a name out of bounds).
  mutating func entry(names: ArraySlice<UInt8>) -> DefinitionIndex.Entry? {
    guard let head = take(4), let kind = head.first.map(Int.init),
      kind < TypeIndexFile.tags.count, let nameAt = u32().map(Int.init),
      let nameLength = u32().map(Int.init), u32() != nil, let unit = u64(), let offset = u64(),
      let shape = u64(), nameLength > 0, nameAt <= names.count - nameLength
    else { return nil }
    let start = names.startIndex + nameAt
    return DefinitionIndex.Entry(
      name: String(decoding: names[start..<(start + nameLength)], as: UTF8.self),
      tag: TypeIndexFile.tags[kind], offset: DIEOffset(offset), unit: DIEOffset(unit),
      shape: shape)
  }
}
