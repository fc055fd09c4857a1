#if canImport(Glibc)
  import Glibc
#endif
internal import CThreadPlacement
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
    let placement = extra > 0 ? Placement.ofCallingThread() : nil
    for k in 0..<extra {
      let cpu = placement?.startCPU(ofExtraThread: k)
      // Placed first; where placing is refused (a seccomp filter on sched_setaffinity,
      // a CPU gone offline since), started where the scheduler says.
      let placed = cpu.flatMap { start(work, on: $0, allowed: placement) }
      guard let thread = placed ?? start(work, on: nil, allowed: nil) else { break }
      started.append(thread)
    }
    work()
    for thread in started { pthread_join(thread, nil) }
  }

  /// A new thread running `work`, started on `cpu` (then let run on every `allowed` CPU)
  /// or, without one, where the scheduler says; nil when it cannot be started.
  private static func start(
    _ work: @escaping @Sendable () -> Void, on cpu: Int32?, allowed: Placement?
  ) -> pthread_t? {
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    pthread_attr_setstacksize(&attributes, stackBytes)
    if let cpu, klp_start_on(&attributes, cpu) != 0 { return nil }
    let box = Unmanaged.passRetained(Work(work, widenTo: cpu == nil ? nil : allowed)).toOpaque()
    var thread = pthread_t()
    let result = pthread_create(
      &thread, &attributes,
      { raw in
        Unmanaged<Work>.fromOpaque(raw!).takeRetainedValue().start()
        return nil
      }, box)
    guard result == 0 else {
      Unmanaged<Work>.fromOpaque(box).release()
      return nil
    }
    return thread
  }

  /// Where new threads start: each on a CPU of its own, other than the caller's.
  ///
  /// Left to the scheduler, a new thread starts on its creator's CPU and waits there
  /// until the load balancer moves it, milliseconds later; most passes here take a few
  /// milliseconds, so the threads ran one after the other. (Measured on a 2-CPU VM,
  /// Linux 6.18: a thread created beside 0.5 ms of work started 0.5 ms later, when the
  /// creator was done; started on the other CPU, 20–60 µs later.) Each thread then may
  /// run on every CPU the process may (`allowed`): only its start is placed.
  struct Placement: Sendable {
    /// The CPUs the caller may run on.
    let allowed: [Int32]
    /// The caller's CPU now.
    let current: Int32

    static func ofCallingThread() -> Placement? {
      var cpus = [Int32](repeating: 0, count: Int(Workers.most))
      let count = Int(klp_allowed_cpus(&cpus, Int32(cpus.count)))
      let current = klp_current_cpu()
      guard count > 1, current >= 0 else { return nil }
      return Placement(allowed: Array(cpus.prefix(count)), current: current)
    }

    /// The `k`th new thread's first CPU: the allowed CPUs after the caller's, in turn;
    /// nil once each has one (more threads than CPUs start where the scheduler says).
    func startCPU(ofExtraThread k: Int) -> Int32? {
      let others = allowed.filter { $0 > current } + allowed.filter { $0 < current }
      return k < others.count ? others[k] : nil
    }
  }

  private final class Work {
    let body: @Sendable () -> Void
    /// The CPUs the thread may run on once started (nil: as it was created).
    let widenTo: Placement?

    init(_ body: @escaping @Sendable () -> Void, widenTo: Placement?) {
      self.body = body
      self.widenTo = widenTo
    }

    func start() {
      if let widenTo { _ = klp_allow_cpus(widenTo.allowed, Int32(widenTo.allowed.count)) }
      body()
    }
  }
}
