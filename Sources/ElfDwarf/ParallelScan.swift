#if canImport(Glibc)
  import Glibc
#endif
import System
internal import CElfutils

/// The cheap first pass over a file for a few names, in parallel: the top-level type
/// definitions (struct, union, class, enum, typedef, base type) of every unit called one
/// of them, found by comparing tags first and reading a name only for those;
/// declarations skipped.
///
/// Units are handed out in file order to `workers` threads (libdw ≥ 0.178 reads DIEs of
/// one `Dwarf` concurrently, but not its unit tree: see `UnitCursor`). With `stopEarly`,
/// scanning stops as soon as every name has been seen in the units finished so far from
/// the start of the file, so the answer is still the first definition in file order;
/// without, every definition of each name is found (for counting them).
extension ElfFile {
  public func typeDefinitions(
    workers: Workers, stopAfterFinding names: Set<String>, stopEarly: Bool = true
  ) throws(ElfDwarfError) -> [DIESummary] {
    let session = try dwarfSession()
    let scan = UnitScan(wanted: stopEarly ? names : nil, deadline: nil)
    let filter = NameFilter(names)
    let pass = { session.typeDefinitions(workers: workers, keeping: filter, scan: scan) }
    // A pass that will read most of the file (every unit, or a small file, whose units
    // a probe for absent names reads all of) is read with the kernel's fault-around;
    // an early stop in a large file keeps MADV_RANDOM and maps only what it reads.
    if !stopEarly || (section(named: ".debug_info")?.size ?? 0) < Self.smallDebugInfo {
      session.readingMostOfTheFile(pass)
    } else {
      pass()
    }
    if let error = scan.failure { throw error }
    return scan.prefix()
  }
}

extension ElfFile {
  /// Below this much `.debug_info` (a module), a first pass reads the file with
  /// fault-around whether or not it may stop early.
  static let smallDebugInfo: UInt64 = 32 << 20
}

extension DwarfSession {
  /// Units are enumerated as they are handed out, not all first: walking every unit
  /// header of a vmlinux touches >50 MB of it, which an early stop never needs. Each
  /// worker takes the next unit until none is left: the loop runs once per thread.
  fileprivate func typeDefinitions(workers: Workers, keeping filter: NameFilter, scan: UnitScan) {
    let units = UnitCursor(self)
    workers.forEach(workers.count, state: {}) { _, _ in
      while let (i, unit) = scan.next(from: units) {
        do throws(ElfDwarfError) {
          var die = unit.die
          scan.finish(i, try typeDefinitions(of: &die, keeping: filter))
        } catch {
          // A unit that cannot be read is an error, not a unit without types: a
          // missing type would otherwise read as "not found".
          scan.fail(error)
        }
      }
    }
  }

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

  fileprivate func typeDefinitions(
    of unit: inout Dwarf_Die, keeping filter: NameFilter
  ) throws(ElfDwarfError) -> [DIESummary] {
    var result: [DIESummary] = []
    let unitOffset = DIEOffset(dwarf_dieoffset(&unit))
    try forEachChild(of: &unit) { raw in
      let tag = dwarf_tag(&raw)
      guard Self.isTypeTag(tag), let name = dwarf_diename(&raw), filter.contains(name),
        !Self.isDeclaration(&raw)
      else { return }
      let isAggregate =
        Int(tag) == DW_TAG_structure_type || Int(tag) == DW_TAG_union_type
        || Int(tag) == DW_TAG_class_type
      result.append(
        DIESummary(
          offset: DIEOffset(dwarf_dieoffset(&raw)),
          tag: DwarfTag(rawValue: UInt32(bitPattern: tag)), name: String(cString: name),
          isDeclaration: false, shape: isAggregate ? Self.shape(of: &raw) : 0, unit: unitOffset))
    }
    return result
  }
}

/// The names a pass keeps, looked up without making a Swift string of every type name
/// in the file: by first byte, then compared.
struct NameFilter: Sendable {
  private var byFirstByte: [[[CChar]]] = Array(repeating: [], count: 256)

  init(_ names: Set<String>) {
    for name in names where !name.isEmpty {
      let bytes = Array(name.utf8CString)
      byFirstByte[Int(UInt8(bitPattern: bytes[0]))].append(bytes)
    }
  }

  func contains(_ name: UnsafePointer<CChar>) -> Bool {
    let candidates = byFirstByte[Int(UInt8(bitPattern: name.pointee))]
    return candidates.contains { $0.withUnsafeBufferPointer { strcmp($0.baseAddress!, name) == 0 } }
  }
}
