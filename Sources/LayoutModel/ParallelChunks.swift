import Dispatch
import Foundation

/// Work over `0..<count` done on several threads in contiguous chunks, with the results
/// in chunk order: the same answer as one pass, on all cores. A whole kernel's BTF is
/// ten thousand structs to lay out and print, each independent of the others.
///
/// Each thread has state of its own (`makeState`): the memos that make one pass fast
/// (`TypeNaming`, `LayoutFacts`) are classes filled as they go and must not be shared
/// between threads. A thread takes the next chunk whenever it is free (one lock per
/// chunk, a few dozen a pass): small chunks taken as they come keep the threads equally
/// busy whatever each chunk costs.
public enum ParallelChunks {
  /// All cores, or `KLP_LAYOUT_JOBS` when set (a CI runner sharing its cores, a
  /// benchmark of one thread). Read once: every renderer, request and loader asks, and a
  /// `scan` makes them per module. (`getenv`: `ProcessInfo.environment` copies the whole
  /// environment into a dictionary to answer.)
  public static let defaultWorkers: Int =
    getenv("KLP_LAYOUT_JOBS").flatMap { Int(String(cString: $0)) }
    .map { max(1, $0) } ?? ProcessInfo.processInfo.activeProcessorCount

  /// The results of `body` for each chunk, in order. With one worker, or fewer items
  /// than two chunks' worth, everything is one chunk on the calling thread.
  public static func map<State, Result>(
    count: Int, workers: Int, chunksPerWorker: Int = 16, minimumChunk: Int = 64,
    state makeState: () -> State, _ body: (inout State, Range<Int>) -> Result
  ) -> [Result] {
    guard count > 0 else { return [] }
    let chunkSize = max(minimumChunk, count / max(1, workers * chunksPerWorker))
    let chunks = (count + chunkSize - 1) / chunkSize
    let threads = min(max(1, workers), chunks)
    guard threads > 1 else {
      var state = makeState()
      return [body(&state, 0..<count)]
    }
    let results = UnsafeMutableBufferPointer<Result?>.allocate(capacity: chunks)
    results.initialize(repeating: nil)
    defer { results.deallocate() }
    withoutActuallyEscaping(makeState) { makeState in
      withoutActuallyEscaping(body) { body in
        let shared = Unshared(
          results: results, next: ChunkCounter(), makeState: makeState, body: body)
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
          var state = shared.makeState()
          while let chunk = shared.next.take(below: chunks) {
            let start = chunk * chunkSize
            // Each chunk's slot is written by the one thread that took the chunk.
            shared.results[chunk] = shared.body(&state, start..<min(count, start + chunkSize))
          }
        }
      }
    }
    let ordered = results.map { $0! }
    _ = results.deinitialize()
    return ordered
  }

  /// What the threads share: the closures (called, never changed) and the result
  /// slots (each written by one thread, read after all have finished).
  private struct Unshared<State, Result>: @unchecked Sendable {
    let results: UnsafeMutableBufferPointer<Result?>
    let next: ChunkCounter
    let makeState: () -> State
    let body: (inout State, Range<Int>) -> Result
  }
}

/// The next chunk to take: each thread takes one when it is free, so a thread that drew
/// the big types (a kernel's `task_struct` is 300 lines) does not hold up the others
/// while they wait with nothing left of their share.
private final class ChunkCounter: @unchecked Sendable {
  private let lock = NSLock()
  private var taken = 0

  /// The next chunk below `count`, or nil when all are taken.
  func take(below count: Int) -> Int? {
    lock.lock()
    defer { lock.unlock() }
    guard taken < count else { return nil }
    taken += 1
    return taken - 1
  }
}
