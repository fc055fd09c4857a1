import BTF
import Foundation
@testable import LayoutLoader
import LayoutModel
import System
import TestSupport
import Testing

/// A whole BTF file's types built record by record on several threads
/// (`loadInParallel`: `BTFReach`, then `BTFTypeBuilding`, then the alignments inferred):
/// the same table, type for type, and the same types by name only, as one thread
/// loading the same ids in turn.
struct BTFParallelBuildTests {
  static func info(_ kind: UInt32, vlen: UInt32 = 0, kflag: Bool = false) -> UInt32 {
    BTFBytes.info(kind, vlen: vlen, kflag: kflag)
  }

  // Strings: 0 "", 1 "int", 5 "b", 7 "b_t", 11 "a", 13 "c", 15 "p", 17 "v", 19 "x",
  // 21 "g", 23 "y", 25 "d", 27 "E", 29 "tag", 33 "f", 35 "long", 40 "q", 42 "q_t", 46 "h"
  static let strings =
    "\0int\0b\0b_t\0a\0c\0p\0v\0x\0g\0y\0d\0E\0tag\0f\0long\0q\0q_t\0h\0"

  /// The loader's rules and their order in a few records:
  /// [1] int; [2] struct b { int x; }; [3] typedef b_t → [2]; [4] PTR → [3];
  /// [5] struct a { b_t *p; } (b reached through a pointer: by name only);
  /// [6] struct c { b_t v; } (b_t loaded through a pointer: loaded again, b in full);
  /// [7] struct g { int x @0; int y @16 } (20 bytes: a gap, so an inferred alignment);
  /// [8] struct d; [9] a second struct d { g x; } reached only through [10] PTR → [9];
  /// [11] struct { d *p; } anonymous, behind [12] PTR → [11] (anonymous: in full);
  /// [13] ARRAY of [14] ARRAY of g, 2 × 3; [15] FUNC_PROTO int (int, ...);
  /// [16] PTR → [15]; [17] TYPE_TAG "tag" → [7]; [18] CONST → [17]; [19] FWD union E;
  /// [20] struct f holding [12], [13], [16], [18] and [21] PTR → [19];
  /// [22] long; [23] struct q { long x; }; [24] typedef q_t → [23]; [25] PTR → [24];
  /// [26] struct h { q_t *p @0; int a @8; q_t v @16 } (24 bytes: v's gap is q's
  /// alignment, no inferred one).
  static let records: [[UInt32]] = [
    [1, info(1), 4, 0x0100_0020],
    [5, info(4, vlen: 1), 4, 19, 1, 0],
    [7, info(8), 2],
    [0, info(2), 3],
    [11, info(4, vlen: 1), 8, 15, 4, 0],
    [13, info(4, vlen: 1), 4, 17, 3, 0],
    [21, info(4, vlen: 2), 20, 19, 1, 0, 23, 1, 128],
    [25, info(4, vlen: 1), 4, 19, 1, 0],
    [25, info(4, vlen: 1), 20, 19, 7, 0],
    [0, info(2), 9],
    [0, info(4, vlen: 1), 8, 15, 10, 0],
    [0, info(2), 11],
    [0, info(3), 0, 14, 1, 2],
    [0, info(3), 0, 7, 1, 3],
    [0, info(13, vlen: 2), 1, 0, 1, 0, 0],
    [0, info(2), 15],
    [29, info(18), 7],
    [0, info(10), 17],
    [27, info(7, kflag: true), 0],
    [33, info(4, vlen: 5), 160, 15, 12, 0, 19, 13, 64, 15, 16, 768, 19, 18, 832, 27, 21, 1024],
    [0, info(2), 19],
    [35, info(1), 8, 0x0100_0040],
    [40, info(4, vlen: 1), 8, 19, 22, 0],
    [42, info(8), 23],
    [0, info(2), 24],
    [46, info(4, vlen: 3), 24, 15, 25, 0, 11, 1, 64, 17, 24, 128],
  ]

  static func loader(workers: Workers) throws -> BTFTypeLoader {
    let loader = try TypeSources.rawBTF(
      BTFBytes.make(records, strings: strings), name: "parallel-build", workers: workers)
    loader.parallelLoadMinimum = 0
    return loader
  }

  @Test(
    arguments: [
      [5, 6], [6, 5], [5], [5, 6, 7, 20], [20, 6, 5], [8, 20], [2, 5, 6], [26], [25, 26],
      Array(1...26),
    ] as [[UInt32]])
  func builtIsWhatOneThreadLoads(ids: [UInt32]) throws {
    let one = try Self.loader(workers: .one)
    for id in ids { _ = one.load(id) }
    let threads = try Self.loader(workers: Workers(3))
    // The walks were checked beside the inference, and found sound.
    #expect(threads.loadInParallel(ids))
    #expect(threads.table.count > 0, "the parallel build ran")
    #expect(threads.table.walkProblem() == nil)
    #expect(threads.table == one.table)
    #expect(threads.shallow == one.shallow)
  }

  /// What the order cases above are there for, seen in the one-thread table.
  @Test func theCasesAreThere() throws {
    let pointed = try Self.loader(workers: .one)
    _ = pointed.load(5)
    // Reached through a pointer only: the typedef and its struct are partial.
    #expect(pointed.shallow[3] && pointed.shallow[2])
    #expect(pointed.table.aggregate(TypeID(2))?.members.isEmpty == true)
    let one = try Self.loader(workers: .one)
    for id: UInt32 in [5, 6, 7, 20] { _ = one.load(id) }
    // b reached through a pointer first, then held through the typedef: in full.
    #expect(!one.shallow[3] && !one.shallow[2])
    #expect(one.table.aggregate(TypeID(2))?.members.count == 1)
    // g's gap gives an inferred alignment on y.
    #expect(one.table.aggregate(TypeID(7))?.members[1].explicitAlignment == 16)
    // The anonymous struct behind a pointer is in full; the second d, behind a pointer
    // only, by name.
    #expect(one.table.aggregate(TypeID(11))?.members.count == 1)
    #expect(one.shallow[9])
    #expect(one.table.aggregate(TypeID(9))?.members.isEmpty == true)
  }

  /// A member that holds a typedef whose struct was first reached through a pointer
  /// gets that struct's alignment: no gap read as an inferred `__aligned__`.
  @Test func aTypedefHeldAfterItsPointerIsInFull() throws {
    for workers in [Workers.one, Workers(2)] {
      let loader = try Self.loader(workers: workers)
      let loaded = try loader.loadNamed(["h"])
      let layout = try #require(loaded.layout(of: loaded.definitions[0].id))
      #expect(layout.members.map(\.explicitAlignment) == [nil, nil, nil])
      #expect(loaded.table.aggregate(TypeID(23))?.members.count == 1)
    }
  }

  @Test func fixtureBuildIsTheOneThreadTable() throws {
    let path = Fixtures.path("btf/modules/6.12/dwarf4/livepatch-sample.ko.btf")
    let bytes = try #require(FileManager.default.contents(atPath: path))
    let one = try TypeSources.rawBTF([UInt8](bytes), name: path, workers: .one)
    let threads = try TypeSources.rawBTF([UInt8](bytes), name: path, workers: Workers(3))
    threads.parallelLoadMinimum = 0
    let single = try one.loadAllNamed()
    let built = try threads.loadAllNamed()
    #expect(single.definitions.count > 128)
    #expect(built.definitions == single.definitions)
    #expect(built.table == single.table)
  }
}
