import Dispatch
import Foundation

/// Work over `0..<count` done on several threads in contiguous chunks, with the results
/// in chunk order: the same answer as one pass, on all cores. A whole kernel's BTF is
/// ten thousand structs to lay out and print, each independent of the others.
///
/// Each thread has state of its own (`makeState`): the memos that make one pass fast
/// (`TypeNaming`, `LayoutFacts`) are classes filled as they go and must not be shared
/// between threads. Thread `w` takes chunks `w`, `w + workers`, …: small chunks dealt
/// out in turn keep the threads equally busy without a lock.
public enum ParallelChunks {
  /// All cores, or `KLP_LAYOUT_JOBS` when set (a CI runner sharing its cores, a
  /// benchmark of one thread). Read once: every renderer, request and loader asks, and a
  /// `scan` makes them per module.
  public static let defaultWorkers: Int =
    ProcessInfo.processInfo.environment["KLP_LAYOUT_JOBS"].flatMap { Int($0) }
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
        let shared = Unshared(results: results, makeState: makeState, body: body)
        DispatchQueue.concurrentPerform(iterations: threads) { worker in
          var state = shared.makeState()
          var chunk = worker
          while chunk < chunks {
            let start = chunk * chunkSize
            // Each chunk's slot is written by the one thread that owns the chunk.
            shared.results[chunk] = shared.body(&state, start..<min(count, start + chunkSize))
            chunk += threads
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
    let makeState: () -> State
    let body: (inout State, Range<Int>) -> Result
  }
}
