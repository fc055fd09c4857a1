import Foundation
import LayoutModel
import Testing

/// Chunked work on several threads gives what one pass gives, in order.
struct ParallelChunksTests {
  @Test(arguments: [(0, 4), (1, 4), (63, 2), (64, 2), (1000, 1), (1000, 2), (1000, 7), (5000, 3)])
  func chunksCoverEveryIndexInOrder(count: Int, workers: Int) {
    let chunks = ParallelChunks.map(count: count, workers: workers, state: { () }) { _, range in
      Array(range)
    }
    #expect(Array(chunks.joined()) == Array(0..<count))
    // Chunks are contiguous and none is empty.
    #expect(chunks.allSatisfy { !$0.isEmpty })
    if workers == 1 || count < 128 { #expect(chunks.count <= 1) }
  }

  /// Each thread builds its state once and keeps it for every chunk it takes.
  @Test func stateIsMadeOncePerThread() {
    final class Counter: @unchecked Sendable {
      var uses = 0
    }
    let chunks = ParallelChunks.map(count: 4096, workers: 4, state: { Counter() }) {
      counter, range in
      counter.uses += 1
      return (ObjectIdentifier(counter), counter.uses, range.count)
    }
    #expect(chunks.reduce(0) { $0 + $1.2 } == 4096)
    #expect(Set(chunks.map(\.0)).count <= 4)
    #expect(chunks.count > 4)
  }

  /// `gather` joins what each chunk appended, in order, skipping what chunks leave out,
  /// and owns each element exactly once: all are freed with the result, none twice.
  @Test(arguments: [(0, 3), (100, 1), (5000, 2), (5000, 7)])
  func gatherMovesEachElementOnce(count: Int, workers: Int) {
    final class Tracked: @unchecked Sendable {
      let value: Int
      let live: Live
      init(_ value: Int, _ live: Live) {
        self.value = value
        self.live = live
        live.add(1)
      }
      deinit { live.add(-1) }
    }
    // One count per case: the cases run at the same time.
    let live = Live()
    do {
      let gathered: [Tracked] = ParallelChunks.gather(
        count: count, workers: workers, state: { () }
      ) { _, range, out in
        for i in range where i % 3 != 0 { out.append(Tracked(i, live)) }
      }
      #expect(gathered.map(\.value) == (0..<count).filter { $0 % 3 != 0 })
      #expect(live.count == gathered.count)
    }
    #expect(live.count == 0)
  }
}

/// A count changed from several threads.
final class Live: @unchecked Sendable {
  private let lock = NSLock()
  private var value = 0
  var count: Int { lock.withLock { value } }
  func add(_ n: Int) { lock.withLock { value += n } }
}
