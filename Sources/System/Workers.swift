#if canImport(Glibc)
  import Glibc
#endif
import Synchronization

/// How many threads a piece of work may use, and the one way the project runs work on
/// several: indices handed out in order to threads as they become free, each thread with
/// state of its own, results put back in index order (the answer one thread would give).
///
/// The count is always passed in: the command decides it once (`--jobs`,
/// `KLP_LAYOUT_JOBS`); no library reads the environment for it.
public struct Workers: Sendable, Hashable, CustomStringConvertible {
  /// At least one, at most `most`.
  public let count: Int

  /// More threads than this are never started, whatever is asked.
  public static let most = 1024

  public init(_ count: Int) { self.count = min(max(count, 1), Self.most) }

  public static let one = Workers(1)

  /// One per online processor.
  public static var allCores: Workers { Workers(Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

  public var description: String { "\(count)" }

  /// Calls `body` once for each index in `0..<count`, on up to `self.count` threads
  /// (the calling thread is one of them); each thread makes its state with `makeState`
  /// and takes the next index whenever it is free. Returns when every index is done.
  ///
  /// A thread that cannot be started (no threads left under `ulimit -u`) is not waited
  /// for: the threads that run take its share, so the work always ends.
  public func forEach<State>(
    _ count: Int, state makeState: () -> State, _ body: (inout State, Int) -> Void
  ) {
    guard count > 0 else { return }
    let threads = min(self.count, count)
    guard threads > 1 else {
      var state = makeState()
      for index in 0..<count { body(&state, index) }
      return
    }
    withoutActuallyEscaping(makeState) { makeState in
      withoutActuallyEscaping(body) { body in
        let shared = Shared(queue: IndexQueue(count: count), makeState: makeState, body: body)
        WorkerThreads.run(extra: threads - 1) {
          var state = shared.makeState()
          while let index = shared.queue.take() { shared.body(&state, index) }
        }
      }
    }
  }

  /// `body` on one new thread, started and joined as every worker thread is (the caller
  /// waits): for a command preparing what the worker threads will find, such as the
  /// heap glibc hands the next thread (`HugePageHeaps`). nil when no thread could be
  /// started.
  public static func onNewThread<Result: Sendable>(
    _ body: @escaping @Sendable () -> Result
  ) -> Result? {
    let caller = pthread_self()
    let result = Mutex<Result?>(nil)
    WorkerThreads.run(extra: 1) {
      // The caller runs the work too (`WorkerThreads.run`): here it has nothing to do.
      guard pthread_equal(pthread_self(), caller) == 0 else { return }
      let value = body()
      result.withLock { $0 = value }
    }
    return result.withLock { $0 }
  }

  /// `body(index)` for each index in `0..<count`, in index order.
  public func map<Result>(_ count: Int, _ body: (Int) -> Result) -> [Result] {
    let slots = Slots<Result>(count: count)
    defer { slots.release() }
    forEach(count, state: {}) { _, index in slots.store(body(index), at: index) }
    return slots.values()
  }

  /// `body` over `0..<count` cut into contiguous chunks (a few per thread, never fewer
  /// than `minimumChunk` items), the chunks' results in order: one pass's answer on
  /// all cores. Small chunks taken as they come keep the threads equally busy whatever
  /// each chunk costs (a kernel's `task_struct` is 300 lines of text, most types 10).
  public func map<State, Result>(
    chunksOf count: Int, chunksPerWorker: Int = 16, minimumChunk: Int = 64,
    state makeState: () -> State, _ body: (inout State, Range<Int>) -> Result
  ) -> [Result] {
    guard count > 0 else { return [] }
    // One thread takes it all as one chunk: its state and its results in one piece.
    let size =
      self.count == 1 ? count : max(minimumChunk, count / max(1, self.count * chunksPerWorker))
    let chunks = (count + size - 1) / size
    let slots = Slots<Result>(count: chunks)
    defer { slots.release() }
    forEach(chunks, state: makeState) { state, chunk in
      let start = chunk * size
      slots.store(body(&state, start..<min(count, start + size)), at: chunk)
    }
    return slots.values()
  }
}

/// What the threads of one `forEach` share: the closures, called and never changed
/// (each thread makes its own state), and the queue of indices.
private struct Shared<State>: @unchecked Sendable {
  let queue: IndexQueue
  let makeState: () -> State
  let body: (inout State, Int) -> Void
}

/// One result slot per index, each written by the one thread that took the index and
/// read after every thread has finished.
struct Slots<Value>: @unchecked Sendable {
  private let slots: UnsafeMutableBufferPointer<Value?>

  init(count: Int) {
    slots = .allocate(capacity: count)
    slots.initialize(repeating: nil)
  }

  func store(_ value: consuming Value, at index: Int) { slots[index] = value }

  /// Moves the values out in order (every slot must be filled).
  func values() -> [Value] {
    (0..<slots.count).map { slots[$0].take()! }
  }

  func release() {
    _ = slots.deinitialize()
    slots.deallocate()
  }
}
