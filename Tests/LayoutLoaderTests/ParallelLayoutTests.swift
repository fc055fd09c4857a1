import Foundation
@testable import LayoutLoader
import LayoutModel
import Reports
import System
import TestSupport
import Testing

/// `layout` lays out and prints a whole file's types in chunks on several threads: the
/// result must be the one pass's, type for type and byte for byte.
struct ParallelLayoutTests {
  static let inputs = [
    "modules/6.12/dwarf4/livepatch-sample.ko",
    "btf/modules/6.12/dwarf4/livepatch-sample.ko.btf",
  ]

  @Test(arguments: inputs)
  func threadsChangeNothing(relative: String) throws {
    let path = Fixtures.path(relative)
    var one = try LayoutRequest(path: path, types: [])
    one.workers = .one
    var three = try LayoutRequest(path: path, types: [])
    three.workers = Workers(3)
    let single = try one.run()
    let chunked = try three.run()
    // Enough types for several chunks, or the test proves nothing.
    #expect(single.items.count > 128)
    #expect(single.items == chunked.items)
    let renderer = LayoutTextRenderer(table: single.table, options: .init(workers: .one))
    let text = LayoutListingText.render(single.items, renderer: renderer)
    for jobs in [2, 3, 8] {
      let threaded = LayoutTextRenderer(
        table: single.table, options: .init(workers: Workers(jobs)))
      #expect(LayoutListingText.render(single.items, renderer: threaded) == text, "jobs \(jobs)")
    }
  }
}

/// A whole BTF file's named types loaded in parts on several threads and merged: the
/// same table, type for type, as one thread loading them in turn.
struct ParallelBTFLoadingTests {
  @Test func partsMergeIntoTheOneThreadTable() throws {
    let path = Fixtures.path("btf/modules/6.12/dwarf4/livepatch-sample.ko.btf")
    let bytes = try #require(FileManager.default.contents(atPath: path))
    let one = try TypeSources.rawBTF([UInt8](bytes), name: path, workers: .one)
    let parts = try TypeSources.rawBTF([UInt8](bytes), name: path, workers: Workers(3))
    parts.parallelLoadMinimum = 0
    let single = try one.loadAllNamed()
    let merged = try parts.loadAllNamed()
    #expect(single.definitions.count > 128)
    #expect(merged.definitions == single.definitions)
    #expect(merged.table == single.table)
  }
}

/// The merge rule on its own: a type loaded in full anywhere is in full, whichever part
/// comes first.
struct BTFLoadedPartTests {
  @Test func fullBeatsByNameOnlyInEitherOrder() {
    let full = CType.aggregate(
      AggregateType(
        kind: .structure, name: "s", byteSize: 8,
        members: [Member(name: "x", type: TypeID(2), bitOffset: 0)]))
    let byName = CType.aggregate(
      AggregateType(kind: .structure, name: "s", byteSize: 8, members: []))
    let int = CType.base(name: "long", byteSize: 8, encoding: .signed)
    let a = BTFLoadedPart(types: [nil, byName, nil, nil], shallow: [false, true, false, false])
    let b = BTFLoadedPart(types: [nil, full, int, nil], shallow: [false, false, false, false])
    let expected = BTFLoadedPart(
      types: [nil, full, int, nil], shallow: [false, false, false, false])
    #expect(BTFLoadedPart.merged([a, b]) == expected)
    #expect(BTFLoadedPart.merged([b, a]) == expected)
    #expect(BTFLoadedPart.merged([a]) == a)
    #expect(BTFLoadedPart.merged([]) == nil)
  }
}

/// `takeAllNamed` is `loadAllNamed` with the types moved out of the loader: the same
/// file, and a loader left with nothing.
struct TakeAllNamedTests {
  @Test(arguments: ParallelLayoutTests.inputs)
  func takingGivesTheSameFile(relative: String) throws {
    let path = Fixtures.path(relative)
    let sharing = try TypeSources.open(path, source: .auto)
    let taking = try TypeSources.open(path, source: .auto)
    let shared = try sharing.loadAllNamed()
    let taken = try taking.takeAllNamed()
    #expect(shared.definitions.count > 128)
    #expect(taken.definitions == shared.definitions)
    #expect(taken.table == shared.table)
    #expect(sharing.table.count > 128)
    #expect(taking.table.count == 0)
  }
}
