import Foundation
@testable import System
import Synchronization
import Testing

/// Chunked work on several threads gives what one pass gives, in order.
struct WorkersTests {
  @Test(arguments: [(0, 4), (1, 4), (63, 2), (64, 2), (1000, 1), (1000, 2), (1000, 7), (5000, 3)])
  func chunksCoverEveryIndexInOrder(count: Int, workers: Int) {
    let chunks = Workers(workers).map(chunksOf: count, state: {}) { _, range in Array(range) }
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
    let chunks = Workers(4).map(chunksOf: 4096, state: { Counter() }) { counter, range in
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
      let gathered: [Tracked] = Workers(workers).gather(chunksOf: count, state: {}) {
        _, range, out in
        for i in range where i % 3 != 0 { out.append(Tracked(i, live)) }
      }
      #expect(gathered.map(\.value) == (0..<count).filter { $0 % 3 != 0 })
      #expect(live.count == gathered.count)
    }
    #expect(live.count == 0)
  }

  /// Every index is done once, on any number of threads, the results in index order.
  @Test(arguments: [1, 2, 5, 64])
  func eachIndexOnceInOrder(workers: Int) {
    let calls = Live()
    let results = Workers(workers).map(1000) { i -> Int in
      calls.add(1)
      return i * 2
    }
    #expect(results == (0..<1000).map { $0 * 2 })
    #expect(calls.count == 1000)
  }

  /// The count is what a person can ask for, whatever is passed.
  @Test func countsAreKeptInRange() {
    #expect(Workers(0).count == 1)
    #expect(Workers(-5).count == 1)
    #expect(Workers(1_000_000_000).count == Workers.most)
    #expect(Workers.allCores.count >= 1)
  }
}

/// A count changed from several threads.
final class Live: @unchecked Sendable {
  private let lock = NSLock()
  private var value = 0
  var count: Int { lock.withLock { value } }
  func add(_ n: Int) { lock.withLock { value += n } }
}

/// Where new threads start (`WorkerThreads.Placement`), and the one new thread a command
/// may ask for (`Workers.onNewThread`).
struct WorkerPlacementTests {
  /// Each new thread starts on an allowed CPU of its own, the caller's left out, in
  /// turn from the one after the caller's; past that, where the scheduler says.
  @Test func newThreadsStartOnOtherCPUsInTurn() {
    let placement = WorkerThreads.Placement(allowed: [0, 2, 3, 5], current: 3)
    #expect((0..<4).map(placement.startCPU(ofExtraThread:)) == [5, 0, 2, nil])
    let last = WorkerThreads.Placement(allowed: [1, 2], current: 2)
    #expect((0..<2).map(last.startCPU(ofExtraThread:)) == [1, nil])
  }

  /// Placed or not, the threads still run every index, and run on several threads.
  @Test func placedThreadsDoTheWork() {
    let threads = Mutex<Set<UInt>>([])
    let results = Workers(4).map(64) { index -> Int in
      threads.withLock { _ = $0.insert(UInt(pthread_self())) }
      usleep(200)
      return index * 3
    }
    #expect(results == (0..<64).map { $0 * 3 })
    #expect(threads.withLock { $0.count } > 1)
  }

  @Test func onNewThreadRunsOnAnotherThread() {
    let caller = UInt(pthread_self())
    let ran = Workers.onNewThread { UInt(pthread_self()) }
    #expect(ran != nil)
    #expect(ran != caller)
  }
}
