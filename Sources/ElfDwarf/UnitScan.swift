import Synchronization
internal import CElfutils

/// The shared state of a parallel unit scan: the next unit to hand out, each unit's
/// results, and how far from the start everything is done.
final class UnitScan {
  private struct State {
    var results: [[DIESummary]?] = []
    var complete = 0
    var missing: Set<String>?
    var stop = false
    var timedOut = false
    var failure: ElfDwarfError?
  }
  private let state: Mutex<State>
  private let deadline: ContinuousClock.Instant?

  init(wanted: Set<String>?, deadline: ContinuousClock.Instant?) {
    state = Mutex(State(missing: wanted))
    self.deadline = deadline
  }

  /// The deadline passed before every unit was scanned.
  var timedOut: Bool { state.withLock { $0.timedOut } }

  /// The first unit error; it stops the scan.
  var failure: ElfDwarfError? { state.withLock { $0.failure } }

  /// The next unit to scan and its position, or nil when done or stopped.
  func next(from cursor: UnitCursor) -> (Int, UnitDIE)? {
    state.withLock { state in
      if let deadline, !state.stop, ContinuousClock.now > deadline {
        state.stop = true
        state.timedOut = true
      }
      guard !state.stop, let unit = cursor.advance() else { return nil }
      state.results.append(nil)
      return (state.results.count - 1, unit)
    }
  }

  func fail(_ error: ElfDwarfError) {
    state.withLock { state in
      if state.failure == nil { state.failure = error }
      state.stop = true
    }
  }

  func finish(_ index: Int, _ found: [DIESummary]) {
    state.withLock { state in
      state.results[index] = found
      while state.complete < state.results.count, let done = state.results[state.complete] {
        if state.missing != nil { for s in done { if let n = s.name { state.missing!.remove(n) } } }
        state.complete += 1
      }
      if state.missing?.isEmpty == true { state.stop = true }
    }
  }

  func prefix() -> [DIESummary] {
    state.withLock { state in state.results[..<state.complete].flatMap { $0 ?? [] } }
  }
}

/// A unit's DIE as `dwarf_get_units` gave it. Workers start from it rather than from an
/// offset: `dwarf_offdie` searches libdw's tree of units (a `tsearch` tree, not locked in
/// libdw 0.188), which the cursor grows on another thread as it hands out the next unit;
/// a search during that rebalancing fails, and a vmlinux then read as "no DIE at this
/// offset" about one run in three. Sendable because the cursor hands each one, under
/// the scan's lock, to one worker, the only thread that reads that unit: libdw fills
/// the unit's caches (its abbreviations) as it is read, so a unit is never shared.
struct UnitDIE: @unchecked Sendable {
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
