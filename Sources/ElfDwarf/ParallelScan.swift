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
    let scan = UnitScan(wanted: stopEarly ? names : nil, deadline: nil)
    return try typeDefinitions(workers: workers, keeping: names, scan: scan) ?? []
  }

  /// Every top-level type definition, or nil when the pass is not done by `deadline`
  /// (then no unit is started after it): bounded work for shell completion.
  public func typeDefinitions(
    workers: Workers, finishingBy deadline: ContinuousClock.Instant
  ) throws(ElfDwarfError) -> [DIESummary]? {
    let scan = UnitScan(wanted: nil, deadline: deadline)
    return try typeDefinitions(workers: workers, keeping: nil, scan: scan)
  }

  private func typeDefinitions(
    workers: Workers, keeping names: Set<String>?, scan: UnitScan
  ) throws(ElfDwarfError) -> [DIESummary]? {
    let session = try dwarfSession()
    // Units are enumerated as they are handed out, not all first: walking every unit
    // header of a vmlinux touches >50 MB of it, which an early stop never needs.
    let units = UnitCursor(session)
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
    return scan.timedOut ? nil : scan.prefix()
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
    let unitOffset = DIEOffset(dwarf_dieoffset(&unit))
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
      summary.unit = unitOffset
      if [DW_TAG_structure_type, DW_TAG_union_type, DW_TAG_class_type].contains(Int(tag)) {
        summary.shape = Self.shape(of: &raw)
      }
      result.append(summary)
    }
    return result
  }
}
