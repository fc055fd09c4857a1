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
