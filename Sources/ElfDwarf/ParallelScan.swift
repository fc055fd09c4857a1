import Foundation
import System
internal import CElfutils

/// The cheap first pass over a large file, in parallel: the top-level type definitions
/// of every unit (struct, union, class, enum, typedef, base type), found by comparing
/// tags first and reading a name only for those; declarations skipped.
///
/// Units are handed out in file order to `workers` threads (libdw ≥ 0.178 reads DIEs of
/// one `Dwarf` concurrently, but not its unit tree: see `UnitCursor`). With `stopAfterFinding`, scanning stops as soon as every
/// name has been seen in the units finished so far from the start of the file, so the
/// answer is still the first definition in file order.
extension ElfFile {
  /// With `names` and `stopEarly: false`, every unit is scanned but only those names are
  /// summarized (and only they pay for a shape hash): every definition of a name is
  /// found, for counting them, at the cost of one cheap pass over the file.
  public func typeDefinitions(
    workers: Workers, stopAfterFinding names: Set<String>? = nil, stopEarly: Bool = true
  ) throws(ElfDwarfError) -> [DIESummary] {
    let session = try dwarfSession()
    // Units are enumerated as they are handed out, not all first: walking every unit
    // header of a vmlinux touches >50 MB of it, which an early stop never needs.
    let units = UnitCursor(session)
    let scan = UnitScan(wanted: stopEarly ? names : nil)
    // Each worker takes the next unit until none is left: the loop runs once per thread.
    workers.forEach(workers.count, state: {}) { _, _ in
      while let (i, unit) = scan.next(from: units) {
        do throws(ElfDwarfError) {
          // Looking for a few names: keep only those, not a summary per type.
          var die = unit.die
          scan.finish(i, try session.typeDefinitions(of: &die, keeping: names))
        } catch {
          // A unit that cannot be read is an error, not a unit without types: a
          // missing type would otherwise read as "not found".
          scan.fail(error)
        }
      }
    }
    if let error = scan.failure { throw error }
    return scan.prefix()
  }
}

extension DwarfSession {
  /// A switch, not a Set: this runs once per top-level DIE of the whole file.
  static func isTypeTag(_ tag: Int32) -> Bool {
    switch Int(tag) {
    case DW_TAG_structure_type, DW_TAG_union_type, DW_TAG_class_type, DW_TAG_enumeration_type,
      DW_TAG_typedef,
      DW_TAG_base_type:
      return true
    default:
      return false
    }
  }

  func typeDefinitions(
    of unit: inout Dwarf_Die, keeping names: Set<String>? = nil
  ) throws(ElfDwarfError) -> [DIESummary] {
    var result: [DIESummary] = []
    try forEachChild(of: &unit) { raw in
      let tag = dwarf_tag(&raw)
      guard Self.isTypeTag(tag), let name = dwarf_diename(&raw) else { return }
      if let names, !names.contains(String(cString: name)) { return }
      var attribute = Dwarf_Attribute()
      if dwarf_attr(&raw, UInt32(DW_AT_declaration), &attribute) != nil {
        var declaration = false
        _ = dwarf_formflag(&attribute, &declaration)
        if declaration { return }
      }
      var summary = DIESummary(
        offset: DIEOffset(dwarf_dieoffset(&raw)), tag: DwarfTag(rawValue: UInt32(bitPattern: tag)),
        name: String(cString: name), isDeclaration: false)
      if [DW_TAG_structure_type, DW_TAG_union_type, DW_TAG_class_type].contains(Int(tag)) {
        summary.shape = Self.shape(of: &raw)
      }
      result.append(summary)
    }
    return result
  }

  /// FNV-1a over the byte size and, per member, its name, location, bit offset and
  /// width: stable across runs (not Swift's seeded `Hasher`).
  static func shape(of raw: inout Dwarf_Die) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    func mix(_ value: UInt64) {
      var v = value
      for _ in 0..<8 {
        hash = (hash ^ (v & 0xff)) &* 0x100_0000_01b3
        v >>= 8
      }
    }
    func number(_ die: inout Dwarf_Die, _ attribute: Int) -> UInt64 {
      var attr = Dwarf_Attribute()
      var value: Dwarf_Word = 0
      guard dwarf_attr(&die, UInt32(attribute), &attr) != nil else { return UInt64.max }
      return dwarf_formudata(&attr, &value) == 0 ? value : UInt64.max - 1
    }
    mix(number(&raw, DW_AT_byte_size))
    var child = Dwarf_Die()
    var rc = dwarf_child(&raw, &child)
    while rc == 0 {
      if Int(dwarf_tag(&child)) == DW_TAG_member {
        if let name = dwarf_diename(&child) {
          var p = name
          while p.pointee != 0 {
            hash = (hash ^ UInt64(UInt8(bitPattern: p.pointee))) &* 0x100_0000_01b3
            p += 1
          }
        }
        mix(number(&child, DW_AT_data_member_location))
        mix(number(&child, DW_AT_data_bit_offset))
        mix(number(&child, DW_AT_bit_offset))
        mix(number(&child, DW_AT_bit_size))
      }
      var next = Dwarf_Die()
      rc = dwarf_siblingof(&child, &next)
      child = next
    }
    return hash
  }
}

/// The shared state of a parallel unit scan: the next unit to hand out, each unit's
/// results, and how far from the start everything is done.
private final class UnitScan {
  private let lock = NSLock()
  private var results: [[DIESummary]?] = []
  private var complete = 0
  private var missing: Set<String>?
  private var stop = false

  init(wanted: Set<String>?) {
    missing = wanted
  }

  /// The next unit to scan and its position, or nil when done or stopped.
  func next(from cursor: UnitCursor) -> (Int, UnitDIE)? {
    lock.lock()
    defer { lock.unlock() }
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
private struct UnitDIE {
  let die: Dwarf_Die
}

/// Walks unit headers one at a time (`dwarf_get_units`); used under `UnitScan`'s lock,
/// and the only code of a parallel scan that grows libdw's unit tree.
private final class UnitCursor {
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
