import ElfDwarf

/// A file's name index as stored, read in place: a query looks up its few names by
/// hash without decoding the rest (a debug vmlinux has 60,000 names and 1.1 million
/// definitions). Little-endian whatever the host:
///
///     "KLPNAMES" u32 version
///     the key, as `TypeIndexFile` writes it
///     u32 name count, u32 name bytes, u32 offset count
///     names, 24 bytes each, sorted by hash: u64 hash of the name's bytes,
///       u32 name offset, u32 name length, u32 first offset, u24 offset count, u8 kinds
///     offsets, u32 each: every name's definitions in file order
///     name bytes (UTF-8, back to back)
///     u64 word hash of every byte before it
///
/// Decoding trusts nothing: a short, foreign, inconsistent or corrupt file (or one
/// larger than `TypeIndexFile.maxBytes`) is no index; every read of a well-formed one
/// is bounded again, and what it says is a hint: each DIE it names is read and checked
/// before use (`TypeLoader.definitions(named:from:)`).
struct NameIndex {
  static let magic = Array("KLPNAMES".utf8)
  static let version: UInt32 = 1
  static let recordBytes = 24

  private let bytes: [UInt8]
  private let count: Int
  private let recordsAt: Int
  private let offsetsAt: Int
  private let offsetCount: Int
  private let namesAt: Int
  private let nameBytes: Int

  /// The stored form of `postings`; nil when a DIE offset does not fit 32 bits or a
  /// name has more than 2^24 definitions (such a file gets no name index).
  static func encode(_ postings: TypeNamePostings, key: TypeIndexKey) -> [UInt8]? {
    var header = ByteWriter()
    header.bytes += magic
    header.u32(version)
    header.key(key)
    let sorted = postings.names.map { (hash(Array($0.name.utf8)[...]), $0) }
      .sorted { $0.0 < $1.0 }
    var records = ByteWriter()
    records.bytes.reserveCapacity(sorted.count * recordBytes)
    // A kernel's million offsets, each kept as its little-endian bytes in place.
    var offsets: [UInt32] = []
    offsets.reserveCapacity(sorted.reduce(0) { $0 + $1.1.offsets.count })
    var names: [UInt8] = []
    var offsetCount = 0
    for (hash, entry) in sorted {
      guard entry.offsets.count < 1 << 24 else { return nil }
      let name = Array(entry.name.utf8)
      records.u64(hash)
      records.u32(UInt32(names.count))
      records.u32(UInt32(name.count))
      records.u32(UInt32(offsetCount))
      records.u32(UInt32(entry.offsets.count) | UInt32(entry.kinds) << 24)
      for offset in entry.offsets {
        guard let small = UInt32(exactly: offset.rawValue) else { return nil }
        offsets.append(small.littleEndian)
      }
      offsetCount += entry.offsets.count
      names += name
    }
    header.u32(UInt32(sorted.count))
    header.u32(UInt32(names.count))
    header.u32(UInt32(offsetCount))
    var out = header.bytes
    out.reserveCapacity(out.count + records.bytes.count + offsets.count * 4 + names.count + 8)
    out += records.bytes
    offsets.withUnsafeBytes { out.append(contentsOf: $0) }
    out += names
    var tail = ByteWriter()
    tail.u64(checksum(out[...]))
    out += tail.bytes
    return out.count <= TypeIndexFile.maxBytes ? out : nil
  }

  /// The index `bytes` hold, when they are a whole, well-formed name index for `key`.
  init?(_ bytes: [UInt8], key: TypeIndexKey) {
    guard bytes.count >= Self.magic.count + 8, bytes.count <= TypeIndexFile.maxBytes,
      bytes.starts(with: Self.magic)
    else { return nil }
    var reader = ByteReader(bytes: bytes[..<(bytes.count - 8)], at: Self.magic.count)
    var tail = ByteReader(bytes: bytes[...], at: bytes.count - 8)
    guard reader.u32() == Self.version, reader.key() == key,
      let count = reader.u32().map(Int.init), let nameBytes = reader.u32().map(Int.init),
      let offsetCount = reader.u32().map(Int.init),
      reader.remaining == count * Self.recordBytes + offsetCount * 4 + nameBytes,
      tail.u64() == Self.checksum(bytes[..<(bytes.count - 8)])
    else { return nil }
    self.bytes = bytes
    self.count = count
    self.recordsAt = reader.at
    self.offsetsAt = reader.at + count * Self.recordBytes
    self.offsetCount = offsetCount
    self.namesAt = offsetsAt + offsetCount * 4
    self.nameBytes = nameBytes
  }

  /// One stored name: its bytes, kinds and definitions.
  struct Record {
    var name: ArraySlice<UInt8>
    var kinds: UInt8
    var firstOffset: Int
    var offsetCount: Int
  }

  /// The kinds `name` is defined as and its definitions' DIEs, in file order; nil when
  /// the index does not have it.
  func lookup(_ name: String) -> (kinds: UInt8, offsets: [DIEOffset])? {
    let wanted = Array(name.utf8)
    let hash = Self.hash(wanted[...])
    // The first record whose hash is not below `hash`.
    var low = 0
    var high = count
    while low < high {
      let middle = (low + high) / 2
      if u64(at: recordsAt + middle * Self.recordBytes) < hash {
        low = middle + 1
      } else {
        high = middle
      }
    }
    var i = low
    while i < count, u64(at: recordsAt + i * Self.recordBytes) == hash {
      if let r = record(i), r.name.elementsEqual(wanted) {
        return (r.kinds, (0..<r.offsetCount).map { offset(r.firstOffset + $0) })
      }
      i += 1
    }
    return nil
  }

  /// Every name with its kinds (for completion and "did you mean").
  var names: [(name: String, kinds: UInt8)] {
    (0..<count).compactMap { i in
      record(i).map { (String(decoding: $0.name, as: UTF8.self), $0.kinds) }
    }
  }

  /// Record `i`, nil when what it says runs past the names or offsets there are.
  private func record(_ i: Int) -> Record? {
    let at = recordsAt + i * Self.recordBytes
    let nameAt = Int(u32(at: at + 8))
    let nameLength = Int(u32(at: at + 12))
    let first = Int(u32(at: at + 16))
    let packed = u32(at: at + 20)
    let offsets = Int(packed & 0xFF_FFFF)
    guard nameLength > 0, nameAt <= nameBytes - nameLength, first <= offsetCount - offsets
    else { return nil }
    return Record(
      name: bytes[(namesAt + nameAt)..<(namesAt + nameAt + nameLength)],
      kinds: UInt8(truncatingIfNeeded: packed >> 24), firstOffset: first, offsetCount: offsets)
  }

  private func offset(_ i: Int) -> DIEOffset { DIEOffset(UInt64(u32(at: offsetsAt + i * 4))) }

  private func u32(at: Int) -> UInt32 {
    bytes.withUnsafeBytes {
      UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: at, as: UInt32.self))
    }
  }

  private func u64(at: Int) -> UInt64 {
    bytes.withUnsafeBytes {
      UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: at, as: UInt64.self))
    }
  }

  /// A name's hash: stable across runs and hosts (FNV-1a over its bytes, as the
  /// definition index checksums its file).
  static func hash(_ name: ArraySlice<UInt8>) -> UInt64 { TypeIndexFile.checksum(name) }

  /// Eight bytes at a time (a file of megabytes is checked on every query that reads
  /// it), then the tail and the length.
  static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt64 {
    var value: UInt64 = 0xcbf2_9ce4_8422_2325
    bytes.withUnsafeBytes { raw in
      var at = 0
      while at + 8 <= raw.count {
        value =
          (value ^ UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt64.self)))
          &* 0x9E37_79B9_7F4A_7C15
        value ^= value >> 29
        at += 8
      }
      while at < raw.count {
        value = (value ^ UInt64(raw[at])) &* 0x100_0000_01b3
        at += 1
      }
    }
    return value ^ UInt64(bytes.count)
  }
}
