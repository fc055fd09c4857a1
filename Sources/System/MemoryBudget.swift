#if canImport(Glibc)
  import Glibc
#endif
import Synchronization

/// The memory one run may take for what its inputs expand into, shared by every worker
/// of the run: files mapped, files and sections decompressed, whole files read, and the
/// types loaded from them. Each reader reserves what it is about to take, sized from the
/// file, before it takes it; a reservation past the limit throws instead, so running out
/// is one line and exit 2, never an allocation that fails (Swift traps on one) or a
/// `scan --jobs 3` that needs three times the per-input cap.
///
/// Process-wide state, made once by the command and passed down (never a global the
/// readers look up).
public final class MemoryBudget: Sendable {
  /// The most bytes reserved at once.
  public let limit: UInt64
  /// Where the limit came from, for the message when it is reached.
  public let origin: String
  private let held = Atomic<UInt64>(0)

  public init(limit: UInt64, origin: String = "--max-memory") {
    self.limit = limit
    self.origin = origin
  }

  /// No limit beyond the per-input caps (libraries and tests without a command).
  public static let unlimited = MemoryBudget(limit: .max, origin: "no limit")

  /// Bytes reserved now.
  public var reserved: UInt64 { held.load(ordering: .relaxed) }

  /// Reserves `bytes` for `what` (a phrase: "mapping the file"), or throws when the run
  /// would hold more than the limit. The reservation is given back when it is released
  /// or goes away.
  public func reserve(_ bytes: UInt64, for what: String) throws(MemoryBudgetError) -> Reservation {
    try take(bytes, for: what)
    return Reservation(budget: self, bytes: bytes)
  }

  fileprivate func take(_ bytes: UInt64, for what: String) throws(MemoryBudgetError) {
    var current = held.load(ordering: .relaxed)
    while true {
      let (sum, overflow) = current.addingReportingOverflow(bytes)
      guard !overflow, sum <= limit else {
        throw MemoryBudgetError(
          what: what, needed: bytes, held: current, limit: limit, origin: origin)
      }
      let (exchanged, original) = held.compareExchange(
        expected: current, desired: sum, ordering: .relaxed)
      if exchanged { return }
      current = original
    }
  }

  fileprivate func give(_ bytes: UInt64) {
    held.subtract(bytes, ordering: .relaxed)
  }

  /// Bytes held under one reservation: grown as what it stands for grows (a stream
  /// being decompressed), given back when released or gone.
  public final class Reservation: @unchecked Sendable {
    private let budget: MemoryBudget
    private let bytes: Mutex<UInt64>

    fileprivate init(budget: MemoryBudget, bytes: UInt64) {
      self.budget = budget
      self.bytes = Mutex(bytes)
    }

    deinit { release() }

    /// The bytes held.
    public var size: UInt64 { bytes.withLock { $0 } }

    /// Reserves `more` bytes besides those held, for `what`.
    public func grow(by more: UInt64, for what: String) throws(MemoryBudgetError) {
      try budget.take(more, for: what)
      bytes.withLock { $0 += more }
    }

    /// Gives `fewer` of the bytes held back (a buffer that was replaced by a larger one).
    public func shrink(by fewer: UInt64) {
      let given = bytes.withLock { value -> UInt64 in
        let given = min(value, fewer)
        value -= given
        return given
      }
      if given > 0 { budget.give(given) }
    }

    /// Gives every byte held back to the budget.
    public func release() {
      let given = bytes.withLock { value -> UInt64 in
        defer { value = 0 }
        return value
      }
      if given > 0 { budget.give(given) }
    }
  }
}

/// A reservation the budget could not grant: what it was for, how much, and the limit.
public struct MemoryBudgetError: Error, Equatable, Sendable, CustomStringConvertible {
  public var what: String
  public var needed: UInt64
  public var held: UInt64
  public var limit: UInt64
  /// `--max-memory`, or the address-space limit it was derived from.
  public var origin: String

  public var description: String {
    "out of memory: \(what) needs \(Self.mebibytes(needed)) more, and the run already holds "
      + "\(Self.mebibytes(held)) of its \(Self.mebibytes(limit)) (\(origin))"
  }

  static func mebibytes(_ bytes: UInt64) -> String {
    bytes >= 1 << 20 ? "\((bytes + (1 << 19)) >> 20) MiB" : "\(bytes) bytes"
  }
}

extension MemoryBudget {
  /// The budget a run gets without `--max-memory`: three quarters of what the
  /// address-space limit (`ulimit -v`, RLIMIT_AS) leaves beyond what the process maps
  /// already (its code, libraries and stacks), the rest kept for what no reader
  /// reserves; without such a limit, the machine's memory.
  public static func forRun(maxMemory: UInt64?) -> MemoryBudget {
    if let maxMemory { return MemoryBudget(limit: maxMemory) }
    guard let total = AddressSpace.limit else {
      return MemoryBudget(
        limit: AddressSpace.physicalMemory,
        origin: "--max-memory, by default the machine's memory")
    }
    let free = total - min(total, AddressSpace.mappedNow() ?? assumedMapping)
    return MemoryBudget(
      limit: free / 4 * 3,
      origin: "--max-memory, by default 3/4 of what ulimit -v (\(mebibytes(total))) leaves")
  }

  /// What the process is taken to map before it reads anything, where /proc cannot say
  /// (the release binary maps about 28 MiB, the debug one 35 MiB: room to spare).
  static let assumedMapping: UInt64 = 64 << 20

  /// The least address space a command needs beyond what the process maps at start.
  public static let leastToRun: UInt64 = 48 << 20

  /// Why the address-space limit leaves too little to run at all, or nil: checked
  /// before anything is allocated, since an allocation Swift cannot make is a trap.
  public static func startupShortfall() -> String? {
    guard let total = AddressSpace.limit else { return nil }
    let mapped = AddressSpace.mappedNow() ?? assumedMapping
    let free = total - min(total, mapped)
    guard free < leastToRun else { return nil }
    return "out of memory: ulimit -v (\(mebibytes(total))) leaves \(mebibytes(free)) beyond the "
      + "\(mebibytes(mapped)) this program maps itself; it needs at least "
      + "\(mebibytes(leastToRun)) more to read a file"
  }

  static func mebibytes(_ bytes: UInt64) -> String { MemoryBudgetError.mebibytes(bytes) }
}
