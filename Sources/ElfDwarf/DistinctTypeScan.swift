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

  /// The type definitions of one unit that this thread has not kept before. A repeat is
  /// told by identities (`identity(of:)`, names by address): equal identities are equal
  /// definitions, so nothing is dropped wrongly, and what is kept gets its real shape.
  func distinctTypeDefinitions(
    of unit: inout Dwarf_Die, seen: inout SeenTypes
  ) throws(ElfDwarfError) -> [DIESummary] {
    var result: [DIESummary] = []
    let unitOffset = DIEOffset(dwarf_dieoffset(&unit))
    try forEachChild(of: &unit) { raw in
      let tag = dwarf_tag(&raw)
      guard Self.isTypeTag(tag), let (name, inline) = Self.name(of: &raw),
        !Self.isDeclaration(&raw)
      else { return }
      let isAggregate =
        Int(tag) == DW_TAG_structure_type || Int(tag) == DW_TAG_union_type
        || Int(tag) == DW_TAG_class_type
      var key = ShapeHash()
      key.mix(UInt64(UInt32(bitPattern: tag)))
      if inline { key.mix(name) } else { key.mix(UInt64(UInt(bitPattern: name))) }
      if isAggregate { key.mix(Self.identity(of: &raw)) }
      guard seen.insert(key.value, name: name, inline: inline) else { return }
      result.append(
        DIESummary(
          offset: DIEOffset(dwarf_dieoffset(&raw)),
          tag: DwarfTag(rawValue: UInt32(bitPattern: tag)), name: String(cString: name),
          isDeclaration: false, shape: isAggregate ? Self.shape(of: &raw) : 0, unit: unitOffset))
    }
    return result
  }

  /// `DW_AT_name` and whether it is inline (`DW_FORM_string`, in the DIE itself).
  static func name(of raw: inout Dwarf_Die) -> (UnsafePointer<CChar>, Bool)? {
    var attribute = Dwarf_Attribute()
    guard dwarf_attr(&raw, UInt32(DW_AT_name), &attribute) != nil,
      let name = dwarf_formstring(&attribute)
    else { return nil }
    return (name, Int(dwarf_whatform(&attribute)) == DW_FORM_string)
  }

  static func isDeclaration(_ raw: inout Dwarf_Die) -> Bool {
    var attribute = Dwarf_Attribute()
    guard dwarf_attr(&raw, UInt32(DW_AT_declaration), &attribute) != nil else { return false }
    var declaration = false
    _ = dwarf_formflag(&attribute, &declaration)
    return declaration
  }
}

/// One thread's memory of the types it has kept, by identity (a hash of tag, name and
/// `identity(of:)`), each with its name, so that two names whose hashes collide are
/// never taken for one: open addressing on the hash itself (it is one already), for a
/// lookup per type DIE of the file. (Two shapes of one name colliding merge them, with
/// a probability of about n²/2⁶⁵ among n definitions, as the shape hash always did.)
struct SeenTypes {
  private var slots = OpenSlots<UnsafePointer<CChar>?>(empty: nil)

  /// Whether this is the first time: then it is remembered. A name in libdw's string
  /// section is the same name only at the same address; an inline one is compared.
  mutating func insert(_ hash: UInt64, name: UnsafePointer<CChar>, inline: Bool) -> Bool {
    let key = hash == 0 ? 1 : hash
    let slot = slots.slot(of: key)
    if slots.keys[slot] == key, let kept = slots.values[slot] {
      return !(kept == name || (inline && strcmp(kept, name) == 0))
    }
    slots.insert(key, name, at: slot)
    return true
  }
}
