/// Values under nonzero 64-bit keys, found by open addressing on the key hashed by one
/// multiplication (a power of two of slots, at most half full): for the tables a pass
/// over a whole kernel consults once per type DIE, where a `Dictionary` hashed each key
/// with SipHash.
struct OpenSlots<Value> {
  /// Each slot's key (0: an empty slot).
  private(set) var keys: [UInt64]
  private(set) var values: [Value]
  /// The value empty slots hold.
  private let empty: Value
  private var count = 0

  init(empty: Value) {
    self.empty = empty
    keys = [UInt64](repeating: 0, count: 4096)
    values = [Value](repeating: empty, count: 4096)
  }

  /// The slot holding `key`, or the empty one where it would go (`key` nonzero).
  func slot(of key: UInt64) -> Int {
    var slot = Self.start(key, keys.count)
    while keys[slot] != 0 && keys[slot] != key { slot = (slot + 1) & (keys.count - 1) }
    return slot
  }

  /// Stores `value` under `key` in `slot`, the empty one `slot(of: key)` gave.
  mutating func insert(_ key: UInt64, _ value: Value, at slot: Int) {
    keys[slot] = key
    values[slot] = value
    count += 1
    if count * 2 > keys.count { grow() }
  }

  private static func start(_ key: UInt64, _ size: Int) -> Int {
    Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 40) & (size - 1)
  }

  private mutating func grow() {
    let (oldKeys, oldValues) = (keys, values)
    keys = [UInt64](repeating: 0, count: oldKeys.count * 2)
    values = [Value](repeating: empty, count: oldKeys.count * 2)
    for (key, value) in zip(oldKeys, oldValues) where key != 0 {
      let slot = slot(of: key)
      keys[slot] = key
      values[slot] = value
    }
  }
}
