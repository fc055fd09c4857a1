#if canImport(Glibc)
  import Glibc
#endif
import System
internal import CElfutils

/// The first pass that a type index is built from: of every named type a file defines,
/// the first definition in file order of each distinct one, a struct, union or class per
/// tag, name and shape, a typedef, enum or base type per tag and name.
///
/// A kernel's units repeat the types of the headers they include, so almost every type
/// DIE is one already seen. Each thread remembers what it has seen (by a hash of tag,
/// name and shape, the name compared on a match) and drops repeats before any Swift
/// value is made: a thread takes units in increasing order, so what it saw before was
/// earlier in the file, and a repeat is never the first. The caller merges what the
/// threads kept (a few entries per distinct type) in file order.
extension ElfFile {
  public func distinctTypeDefinitions(
    workers: Workers, finishingBy deadline: ContinuousClock.Instant? = nil
  ) throws(ElfDwarfError) -> [DIESummary]? {
    let session = try dwarfSession()
    let scan = UnitScan(wanted: nil, deadline: deadline)
    session.readingMostOfTheFile { session.distinctTypeDefinitions(workers: workers, scan: scan) }
    if let error = scan.failure { throw error }
    return scan.timedOut ? nil : scan.prefix()
  }
}

extension DwarfSession {
  /// Each thread takes the next unit until none is left, with a memory of its own.
  fileprivate func distinctTypeDefinitions(workers: Workers, scan: UnitScan) {
    let units = UnitCursor(self)
    workers.forEach(workers.count, state: { SeenTypes() }) { seen, _ in
      while let (i, unit) = scan.next(from: units) {
        do throws(ElfDwarfError) {
          var die = unit.die
          scan.finish(i, try distinctTypeDefinitions(of: &die, seen: &seen))
        } catch {
          scan.fail(error)
        }
      }
    }
  }

  func distinctTypeDefinitions(
    of unit: inout Dwarf_Die, seen: inout SeenTypes
  ) throws(ElfDwarfError) -> [DIESummary] {
    var result: [DIESummary] = []
    let unitOffset = DIEOffset(dwarf_dieoffset(&unit))
    try forEachChild(of: &unit) { raw in
      let tag = dwarf_tag(&raw)
      guard Self.isTypeTag(tag), let name = dwarf_diename(&raw), !Self.isDeclaration(&raw) else {
        return
      }
      let isAggregate =
        Int(tag) == DW_TAG_structure_type || Int(tag) == DW_TAG_union_type
        || Int(tag) == DW_TAG_class_type
      let shape = isAggregate ? Self.shape(of: &raw) : 0
      guard seen.insert(tag: tag, name: name, shape: shape) else { return }
      result.append(
        DIESummary(
          offset: DIEOffset(dwarf_dieoffset(&raw)),
          tag: DwarfTag(rawValue: UInt32(bitPattern: tag)), name: String(cString: name),
          isDeclaration: false, shape: shape, unit: unitOffset))
    }
    return result
  }

  static func isDeclaration(_ raw: inout Dwarf_Die) -> Bool {
    var attribute = Dwarf_Attribute()
    guard dwarf_attr(&raw, UInt32(DW_AT_declaration), &attribute) != nil else { return false }
    var declaration = false
    _ = dwarf_formflag(&attribute, &declaration)
    return declaration
  }
}

/// One thread's memory of the types it has kept: a hash of tag, name and shape, with the
/// name (a pointer into libdw's string data, alive as long as the session) to tell a
/// hash collision from a repeat. A collision is kept, never dropped: the merge after the
/// scan sorts it out by the names themselves. Open addressing on the hash itself (it is
/// one already), for a lookup per type DIE of the file.
struct SeenTypes {
  private var keys = [UInt64](repeating: 0, count: 4096)
  private var names = [UnsafePointer<CChar>?](repeating: nil, count: 4096)
  private var count = 0

  /// Whether this is the first time: then it is remembered.
  mutating func insert(tag: Int32, name: UnsafePointer<CChar>, shape: UInt64) -> Bool {
    var hash = ShapeHash()
    hash.mix(name)
    hash.mix(UInt64(UInt32(bitPattern: tag)))
    hash.mix(shape)
    let key = hash.value == 0 ? 1 : hash.value
    var slot = self.slot(key)
    while keys[slot] != 0 {
      if keys[slot] == key { return strcmp(names[slot]!, name) != 0 }
      slot = (slot + 1) & (keys.count - 1)
    }
    keys[slot] = key
    names[slot] = name
    count += 1
    if count * 2 > keys.count { grow() }
    return true
  }

  private func slot(_ key: UInt64) -> Int {
    Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 40) & (keys.count - 1)
  }

  private mutating func grow() {
    let (oldKeys, oldNames) = (keys, names)
    keys = [UInt64](repeating: 0, count: oldKeys.count * 2)
    names = [UnsafePointer<CChar>?](repeating: nil, count: oldKeys.count * 2)
    for (key, name) in zip(oldKeys, oldNames) where key != 0 {
      var slot = self.slot(key)
      while keys[slot] != 0 { slot = (slot + 1) & (keys.count - 1) }
      keys[slot] = key
      names[slot] = name
    }
  }
}
