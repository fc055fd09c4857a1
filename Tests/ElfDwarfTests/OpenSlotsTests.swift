import Testing

@testable import ElfDwarf

/// The open-addressing table of the passes over the units: every key stored is found with
/// its value, through growth and keys that start at the same slot, and a key never stored
/// finds an empty slot.
struct OpenSlotsTests {
  @Test func everyKeyStoredIsFoundThroughGrowth() {
    var slots = OpenSlots<Int32>(empty: -1)
    // Keys spaced by 2^40 after the multiplication start in few slots; the others spread.
    let keys = (1...20_000).map { UInt64($0) } + (1...300).map { UInt64($0) << 40 }
    for (i, key) in keys.enumerated() {
      let slot = slots.slot(of: key)
      #expect(slots.keys[slot] == 0, "\(key) not stored yet")
      slots.insert(key, Int32(i), at: slot)
    }
    var wrong = 0
    for (i, key) in keys.enumerated() {
      let slot = slots.slot(of: key)
      if slots.keys[slot] != key || slots.values[slot] != Int32(i) { wrong += 1 }
    }
    #expect(wrong == 0)
    #expect(slots.keys.count >= 2 * keys.count, "at most half full")
    for key in [UInt64(20_001), 301 << 40, .max] {
      let slot = slots.slot(of: key)
      #expect(slots.keys[slot] == 0 && slots.values[slot] == -1, "\(key): an empty slot")
    }
  }
}
