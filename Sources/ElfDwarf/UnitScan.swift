import Foundation
internal import CElfutils

/// The shared state of a parallel unit scan: the next unit to hand out, each unit's
/// results, and how far from the start everything is done.
final class UnitScan {
  private let lock = NSLock()
  private var results: [[DIESummary]?] = []
  private var complete = 0
  private var missing: Set<String>?
  private var stop = false
  private let deadline: ContinuousClock.Instant?
  /// The deadline passed before every unit was scanned.
  private(set) var timedOut = false

  init(wanted: Set<String>?, deadline: ContinuousClock.Instant?) {
    missing = wanted
    self.deadline = deadline
  }

  /// The next unit to scan and its position, or nil when done or stopped.
  func next(from cursor: UnitCursor) -> (Int, UnitDIE)? {
    lock.lock()
    defer { lock.unlock() }
    if let deadline, !stop, ContinuousClock.now > deadline {
      stop = true
      timedOut = true
    }
    guard !stop, let unit = cursor.advance() else { return nil }
    results.append(nil)
    return (results.count - 1, unit)
  }

  /// The first unit error; it stops the scan.
  private(set) var failure: ElfDwarfError?

  func fail(_ error: ElfDwarfError) {
    lock.lock()
    defer { lock.unlock() }
    if failure == nil { failure = error }
    stop = true
  }

  func finish(_ index: Int, _ found: [DIESummary]) {
    lock.lock()
    defer { lock.unlock() }
    results[index] = found
    while complete < results.count, let done = results[complete] {
      if missing != nil { for s in done { if let n = s.name { missing!.remove(n) } } }
      complete += 1
    }
    if missing?.isEmpty == true { stop = true }
  }

  func prefix() -> [DIESummary] {
    lock.lock()
    defer { lock.unlock() }
    return results[..<complete].flatMap { $0 ?? [] }
  }
}

/// A unit's DIE as `dwarf_get_units` gave it. Workers start from it rather than from an
/// offset: `dwarf_offdie` searches libdw's tree of units (a `tsearch` tree, not locked in
/// libdw 0.188), which the cursor grows on another thread as it hands out the next unit;
/// a search during that rebalancing fails, and a vmlinux then read as "no DIE at this
/// offset" about one run in three.
struct UnitDIE {
  let die: Dwarf_Die
}

/// Walks unit headers one at a time (`dwarf_get_units`); used under `UnitScan`'s lock,
/// and the only code of a parallel scan that grows libdw's unit tree.
final class UnitCursor {
  private let session: DwarfSession
  private var cu: OpaquePointer?
  private var finished = false

  init(_ session: DwarfSession) { self.session = session }

  func advance() -> UnitDIE? {
    guard !finished else { return nil }
    var next: OpaquePointer?
    var version: Dwarf_Half = 0
    var unitType: UInt8 = 0
    var cudie = Dwarf_Die()
    guard dwarf_get_units(session.dwarf, cu, &next, &version, &unitType, &cudie, nil) == 0 else {
      finished = true
      return nil
    }
    cu = next
    return UnitDIE(die: cudie)
  }
}
