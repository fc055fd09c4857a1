import Foundation

/// Results that worker threads write, each to its own slot, read back in input order
/// once every worker is done (`scan`'s modules, `safety`'s pairs).
final class Slots<Value>: @unchecked Sendable {
  private let lock = NSLock()
  private var values: [Value?]
  private var done = 0

  init(count: Int) { values = Array(repeating: nil, count: count) }

  /// Stores `value` at `index`; returns how many slots are filled, for progress.
  func store(_ value: Value, at index: Int) -> Int {
    lock.lock()
    defer { lock.unlock() }
    values[index] = value
    done += 1
    return done
  }

  func all() -> [Value] {
    lock.lock()
    defer { lock.unlock() }
    return values.compactMap { $0 }
  }
}
