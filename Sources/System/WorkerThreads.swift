#if canImport(Glibc)
  import Glibc
#endif
import Synchronization

/// The next index to hand out, below a count: taken by whichever thread is free.
final class IndexQueue: Sendable {
  private let next = Atomic<Int>(0)
  private let count: Int

  init(count: Int) { self.count = count }

  func take() -> Int? {
    let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
    return index < count ? index : nil
  }
}

/// POSIX threads, started and joined here only. `pthread_create` answers at once when
/// no thread can be had (EAGAIN), unlike a thread pool that sleeps and retries, so work
/// never waits for a thread that will not come.
enum WorkerThreads {
  /// Each thread gets this much stack: type graphs are walked recursively (depth is
  /// bounded by the readers, not by the stack).
  static let stackBytes = 8 << 20

  /// Runs `work` on the calling thread and on up to `extra` new threads, and returns
  /// when all have returned.
  static func run(extra: Int, _ work: @escaping @Sendable () -> Void) {
    var started: [pthread_t] = []
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    pthread_attr_setstacksize(&attributes, stackBytes)
    for _ in 0..<extra {
      let box = Unmanaged.passRetained(Work(work)).toOpaque()
      var thread = pthread_t()
      let result = pthread_create(
        &thread, &attributes,
        { raw in
          Unmanaged<Work>.fromOpaque(raw!).takeRetainedValue().body()
          return nil
        }, box)
      guard result == 0 else {
        Unmanaged<Work>.fromOpaque(box).release()
        break
      }
      started.append(thread)
    }
    pthread_attr_destroy(&attributes)
    work()
    for thread in started { pthread_join(thread, nil) }
  }

  private final class Work {
    let body: @Sendable () -> Void
    init(_ body: @escaping @Sendable () -> Void) { self.body = body }
  }
}
