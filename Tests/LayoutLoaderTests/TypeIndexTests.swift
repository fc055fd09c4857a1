import ElfDwarf
import Foundation
@testable import LayoutLoader
import LayoutModel
import Reports
import System
import TestSupport
import Testing

/// The type-index cache (issue #28): the same answers with and without it, and nothing
/// wrong in the cache (stale, truncated, foreign, hostile, unreadable, unwritable) ever
/// changes them.
@Suite struct TypeIndexTests {
  static let module = Fixtures.path("modules/6.12/dwarf4/livepatch-sample.ko")
  /// Two units defining `irq_info` and `remap_data` differently.
  static let sameName = Fixtures.path("parity/x86_64/same_name.o")

  /// A fresh cache directory, removed by the caller.
  static func cacheDirectory() throws -> URL { try Scratch.directory("klp-index") }

  static func loader(_ path: String, cache: URL?) throws -> TypeLoader {
    let file = try ElfFile.open(path)
    return TypeLoader(
      file: file, workers: .one, index: cache.map { TypeIndexCache(directory: FilePath($0.path)) })
  }

  /// What `layout` prints for `types` (every named aggregate when empty).
  static func text(_ path: String, types: [String] = [], cache: URL?) throws -> String {
    var request = LayoutRequest(provider: try loader(path, cache: cache), types: types)
    request.workers = .one
    request.allDefinitions = true
    let result = try request.run()
    let renderer = LayoutTextRenderer(table: result.table, options: .init(workers: .one))
    let counts = result.definitionCounts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
    return LayoutListingText.render(result.items, renderer: renderer) + counts.joined()
  }

  static func storedFiles(_ dir: URL) -> [URL] {
    (try? FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)) ?? []
  }

  static let cases: [(String, [String])] = [
    (module, []), (module, ["klp_func", "struct klp_object", "enum module_state"]),
    (sameName, []), (sameName, ["irq_info", "remap_data"]),
  ]

  @Test(arguments: cases) func sameTextWithAndWithoutTheIndex(path: String, types: [String]) throws
  {
    let dir = try Self.cacheDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let plain = try Self.text(path, types: types, cache: nil)
    let first = try Self.text(path, types: types, cache: dir)
    #expect(Self.storedFiles(dir).count == 1, "the first query stores the index")
    let later = try Self.text(path, types: types, cache: dir)
    #expect(first == plain)
    #expect(later == plain)
  }

  @Test func aLaterLoaderReadsTheStoredIndexAsAHint() throws {
    let dir = try Self.cacheDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let first = try Self.loader(Self.sameName, cache: dir)
    let scanned = try first.definitionIndex()
    #expect(first.indexTrusted)
    let later = try Self.loader(Self.sameName, cache: dir)
    #expect(try later.definitionIndex() == scanned)
    #expect(!later.indexTrusted, "read from the cache: every entry is checked before use")
    _ = try later.loadAllNamed()
    #expect(later.checkedOffsets.count == scanned.definitions.count)
  }

  /// The stored bytes for `path`, after one query made them.
  static func stored(_ path: String, in dir: URL) throws -> (URL, [UInt8]) {
    _ = try text(path, cache: dir)
    let url = try #require(storedFiles(dir).first)
    return (url, [UInt8](try Data(contentsOf: url)))
  }

  @Test func truncatedCorruptForeignAndOversizedIndexesAreRebuilt() throws {
    let plain = try Self.text(Self.module, cache: nil)
    let damages: [(String, ([UInt8]) -> [UInt8])] = [
      ("truncated", { Array($0.prefix($0.count / 2)) }),
      ("empty", { _ in [] }),
      (
        "one byte flipped",
        {
          var b = $0; b[b.count / 3] ^= 0x40; return b
        }
      ),
      (
        "another version",
        {
          var b = $0; b[8] &+= 1; return b
        }
      ),
      ("foreign", { _ in Array("not an index at all\n".utf8) }),
      ("trailing bytes", { $0 + [0, 0, 0, 0] }),
    ]
    for (what, damage) in damages {
      let dir = try Self.cacheDirectory()
      defer { try? FileManager.default.removeItem(at: dir) }
      let (url, bytes) = try Self.stored(Self.module, in: dir)
      try Data(damage(bytes)).write(to: url)
      #expect(try Self.text(Self.module, cache: dir) == plain, "\(what)")
      #expect([UInt8](try Data(contentsOf: url)) == bytes, "\(what): rebuilt and stored again")
    }
  }

  @Test func anIndexPastTheSizeBoundIsNotRead() throws {
    let dir = try Self.cacheDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let (url, _) = try Self.stored(Self.module, in: dir)
    // Sparse: the bound is checked on the size before a byte is read.
    let handle = try FileHandle(forWritingTo: url)
    try handle.truncate(atOffset: UInt64(TypeIndexFile.maxBytes) + 1)
    try handle.close()
    let key = try #require(TypeIndexKey(try ElfFile.open(Self.module)))
    #expect(TypeIndexCache(directory: FilePath(dir.path)).read(key) == nil)
    #expect(try Self.text(Self.module, cache: dir) == (try Self.text(Self.module, cache: nil)))
  }

  @Test func aStaleIndexIsIgnoredAndRebuilt() throws {
    let dir = try Self.cacheDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    // A copy of the module: the same build ID, another inode and mtime.
    let copy = dir.appendingPathComponent("copy.ko")
    try FileManager.default.copyItem(atPath: Self.module, toPath: copy.path)
    let (url, bytes) = try Self.stored(Self.module, in: dir)
    let plain = try Self.text(copy.path, cache: nil)
    #expect(try Self.text(copy.path, cache: dir) == plain)
    let rebuilt = [UInt8](try Data(contentsOf: url))
    #expect(rebuilt != bytes, "the copy's key replaced the original's")
    // The file touched: another mtime, the same bytes.
    try FileManager.default.setAttributes(
      [.modificationDate: Date(timeIntervalSince1970: 1_000_000)], ofItemAtPath: copy.path)
    #expect(try Self.text(copy.path, cache: dir) == plain)
    #expect([UInt8](try Data(contentsOf: url)) != rebuilt)
  }

  /// A well-formed index for the right key whose entries lie: names swapped between
  /// definitions, an offset into the middle of a DIE, past the end, shapes, a typedef
  /// said to be a struct. Each is caught by the checks, and the pass they send the
  /// loader back to stores the truth over it. (A type left out is the one lie no check
  /// sees without that pass: `-t` takes a missing name from a cached index as a reason
  /// to make it, a whole-file listing lists what the index lists.)
  @Test func aHostileIndexChangesNothing() throws {
    let plain = try Self.text(Self.sameName, cache: nil)
    let plainT = try Self.text(Self.sameName, types: ["irq_info", "shared_same"], cache: nil)
    let file = try ElfFile.open(Self.sameName)
    let key = try #require(TypeIndexKey(file))
    let honest = try Self.loader(Self.sameName, cache: nil).definitionIndex()
    var lies: [(String, DefinitionIndex)] = []
    var swapped = honest
    swapped.definitions.swapAt(0, 1)
    (swapped.definitions[0].name, swapped.definitions[1].name) =
      (swapped.definitions[1].name, swapped.definitions[0].name)
    lies.append(("names swapped", swapped))
    for (what, delta) in [("mid-DIE offset", UInt64(1)), ("past the end", UInt64(1) << 40)] {
      var moved = honest
      for i in moved.definitions.indices { moved.definitions[i].offset.rawValue &+= delta }
      lies.append((what, moved))
    }
    var shapes = honest
    for i in shapes.definitions.indices { shapes.definitions[i].shape ^= 1 }
    lies.append(("shapes", shapes))
    var typedefAsStruct = honest
    if let typedef = honest.typedefs.values.first {
      typedefAsStruct.definitions.insert(
        .init(name: "shared_same", tag: .structureType, offset: typedef.offset, unit: typedef.unit),
        at: 0)
    }
    lies.append(("a typedef said to be a struct", typedefAsStruct))
    var missing = honest
    missing.definitions.removeAll { $0.name == "irq_info" }
    let cache = TypeIndexCache(directory: FilePath(try Self.cacheDirectory().path))
    defer { try? FileManager.default.removeItem(atPath: cache.directory.lossyString) }
    cache.write(missing, for: key)
    #expect(
      try Self.text(Self.sameName, types: ["irq_info"], cache: nil)
        == (try Self.text(
          Self.sameName, types: ["irq_info"],
          cache: URL(fileURLWithPath: cache.directory.lossyString))))
    #expect(cache.read(key) == honest, "irq_info missing: made again")
    for (what, lie) in lies {
      let dir = try Self.cacheDirectory()
      defer { try? FileManager.default.removeItem(at: dir) }
      let cache = TypeIndexCache(directory: FilePath(dir.path))
      cache.write(lie, for: key)
      #expect(cache.read(key) == lie, "\(what): stored as written")
      #expect(
        try Self.text(Self.sameName, types: ["irq_info", "shared_same"], cache: dir) == plainT)
      cache.write(lie, for: key)
      #expect(try Self.text(Self.sameName, cache: dir) == plain, "\(what)")
      #expect(cache.read(key) == honest, "\(what): the pass's index stored over the lie")
    }
  }

  /// The pass's postings do not depend on how many threads made them: each name with
  /// its kinds and every definition's offset, in file order (names repeated across
  /// units, in string sections and inline, merged from every thread).
  @Test func namePostingsAreTheSameOnAnyNumberOfThreads() throws {
    for path in [Self.sameName, Fixtures.path("modules/6.12/dwarf4/test_klp_state.ko")] {
      func byName(_ threads: Int) throws -> [String: TypeNamePostings.Name] {
        let postings = try #require(
          try ElfFile.open(path).typeNamePostings(workers: Workers(threads), keeping: [])?
            .postings)
        #expect(Set(postings.names.map(\.name)).count == postings.names.count, "one entry a name")
        return Dictionary(uniqueKeysWithValues: postings.names.map { ($0.name, $0) })
      }
      let one = try byName(1)
      #expect(one.count > 5 && one.values.allSatisfy { $0.offsets == $0.offsets.sorted() })
      #expect(one.values.contains { $0.offsets.count > 1 }, "\(path): a name defined twice")
      for threads in [2, 3] { #expect(try byName(threads) == one, "\(path), \(threads) threads") }
    }
  }

  /// The name index a first `-t` stores, whole, lying and damaged: every answer is the
  /// same as without it, and a lie is replaced by the next pass's truth. (As for the
  /// definition index, a definition left out is the lie no check sees without a pass.)
  @Test func aHostileNameIndexChangesNothing() throws {
    let types = ["irq_info", "shared_same", "remap_data"]
    let plainT = try Self.text(Self.sameName, types: types, cache: nil)
    let key = try #require(TypeIndexKey(try ElfFile.open(Self.sameName)))
    let honest = try #require(
      try ElfFile.open(Self.sameName).typeNamePostings(workers: .one, keeping: [])?.postings)
    #expect(honest.names.map(\.name).contains("irq_info"))
    let irq = try #require(honest.names.first { $0.name == "irq_info" })
    #expect(irq.offsets.count == 2 && irq.kinds == 1, "two definitions, both structs")
    var lies: [(String, TypeNamePostings)] = []
    var swapped = honest
    for i in swapped.names.indices where swapped.names[i].name == "irq_info" {
      swapped.names[i].name = "remap_data"
    }
    for i in swapped.names.indices where swapped.names[i].name == "remap_data" {
      if swapped.names[i].offsets != irq.offsets { swapped.names[i].name = "irq_info" }
    }
    lies.append(("names swapped", swapped))
    var missing = honest
    missing.names.removeAll { $0.name == "irq_info" }
    lies.append(("irq_info missing", missing))
    for (what, delta) in [("mid-DIE offsets", UInt64(1)), ("past the end", UInt64(1) << 30)] {
      var moved = honest
      for i in moved.names.indices {
        moved.names[i].offsets = moved.names[i].offsets.map { DIEOffset($0.rawValue &+ delta) }
      }
      lies.append((what, moved))
    }
    for (what, lie) in lies {
      let dir = try Self.cacheDirectory()
      defer { try? FileManager.default.removeItem(at: dir) }
      let cache = TypeIndexCache(directory: FilePath(dir.path))
      cache.write(lie, for: key)
      #expect(cache.readNames(key) != nil, "\(what): stored as written")
      #expect(try Self.text(Self.sameName, types: types, cache: dir) == plainT, "\(what)")
      #expect(
        cache.readNames(key)?.lookup("irq_info")?.offsets == irq.offsets,
        "\(what): the pass's name index stored over the lie")
    }
    // Damaged bytes: truncated, one bit flipped anywhere, a foreign key.
    let good = try #require(NameIndex.encode(honest, key: key))
    #expect(NameIndex(good, key: key) != nil)
    var other = key
    other.size += 1
    #expect(NameIndex(good, key: other) == nil, "another file's")
    for cut in [0, 8, 12, good.count / 2, good.count - 1] {
      #expect(NameIndex(Array(good.prefix(cut)), key: key) == nil, "cut at \(cut)")
    }
    for at in stride(from: 0, to: good.count, by: max(1, good.count / 97)) {
      var flipped = good
      flipped[at] ^= 0x10
      #expect(NameIndex(flipped, key: key) == nil, "bit flipped at \(at)")
    }
  }

  @Test func aReadOnlyOrImpossibleCacheDirectoryCostsOnlyTime() throws {
    let dir = try Self.cacheDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let plain = try Self.text(Self.module, types: ["klp_func"], cache: nil)
    try FileManager.default.setAttributes([.posixPermissions: 0o500], ofItemAtPath: dir.path)
    defer {
      try? FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: dir.path)
    }
    #expect(try Self.text(Self.module, types: ["klp_func"], cache: dir) == plain)
    if getuid() != 0 { #expect(Self.storedFiles(dir).isEmpty) }
    // Under a regular file: the directory can never be made.
    let file = dir.appendingPathComponent("file")
    #expect(FileManager.default.createFile(atPath: file.path, contents: Data()))
    let impossible = file.appendingPathComponent("klp-layout")
    #expect(try Self.text(Self.module, types: ["klp_func"], cache: impossible) == plain)
  }

  @Test func aFIFOWhereTheIndexGoesIsNotWaitedOn() throws {
    let dir = try Self.cacheDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let key = try #require(TypeIndexKey(try ElfFile.open(Self.module)))
    let cache = TypeIndexCache(directory: FilePath(dir.path))
    #expect(mkfifo(cache.path(for: key).lossyString, 0o600) == 0)
    #expect(cache.read(key) == nil)
    #expect(try Self.text(Self.module, cache: dir) == (try Self.text(Self.module, cache: nil)))
  }

  @Test func encodingRoundTripsAndChecksTheKey() throws {
    let index = try Self.loader(Self.sameName, cache: nil).definitionIndex()
    let key = TypeIndexKey(
      buildID: "ab12", size: 1, modificationSeconds: 2, modificationNanoseconds: 3, inode: 4,
      device: 5)
    let bytes = try #require(TypeIndexFile.encode(index, key: key))
    #expect(TypeIndexFile.decode(bytes, key: key) == index)
    var other = key
    other.inode = 6
    #expect(TypeIndexFile.decode(bytes, key: other) == nil)
    for cut in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 97)) {
      #expect(TypeIndexFile.decode(Array(bytes.prefix(cut)), key: key) == nil)
    }
  }
}
