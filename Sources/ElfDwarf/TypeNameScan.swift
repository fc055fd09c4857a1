#if canImport(Glibc)
  import Glibc
#endif
import FoundationEssentials
import Synchronization
import System
internal import CElfutils

/// Where every named type of a file is defined, by name: the name index a first `-t`
/// query makes for the queries after it. Every top-level struct, union, class, enum,
/// typedef and base type definition (declarations left out), as the offsets of its DIEs
/// in file order, with the kinds each name is defined as.
///
/// It costs what the cheap pass for a few names costs (a tag and a name per top-level
/// DIE, libdw's own floor for a lookup) and nothing per member: what tells same-named
/// definitions apart is read later, for the names a query asks for, from their DIEs.
public struct TypeNamePostings: Sendable, Equatable {
  /// One name's definitions.
  public struct Name: Sendable, Equatable {
    public var name: String
    /// The kinds it is defined as: bit `i` for `TypeNamePostings.kinds[i]`.
    public var kinds: UInt8
    /// Its definitions' DIEs, in file order.
    public var offsets: [DIEOffset]

    public init(name: String, kinds: UInt8, offsets: [DIEOffset]) {
      self.name = name
      self.kinds = kinds
      self.offsets = offsets
    }
  }

  /// The kinds a name can be defined as, in the order of their bits.
  public static let kinds: [DwarfTag] = [
    .structureType, .unionType, .classType, .enumerationType, .typedef, .baseType,
  ]

  public var names: [Name]

  public init(names: [Name]) { self.names = names }
}

extension ElfFile {
  /// One pass over every unit: the summaries (shape included) of the definitions
  /// called one of `wanted`, in file order, as `typeDefinitions(stopAfterFinding:)`
  /// finds them, and where every type name is defined. nil when not done by `deadline`.
  public func typeNamePostings(
    workers: Workers, keeping wanted: Set<String>,
    finishingBy deadline: ContinuousClock.Instant? = nil
  ) throws(ElfDwarfError) -> (wanted: [DIESummary], postings: TypeNamePostings)? {
    let session = try dwarfSession()
    let scan = UnitScan(wanted: nil, deadline: deadline)
    let filter = NameFilter(wanted)
    let threads = PostingsRegistry()
    session.readingMostOfTheFile {
      session.typeNamePostings(workers: workers, filter: filter, scan: scan, threads: threads)
    }
    if let error = scan.failure { throw error }
    if scan.timedOut { return nil }
    return (scan.prefix(), TypeNamePostings(merging: threads.all))
  }
}

extension DwarfSession {
  fileprivate func typeNamePostings(
    workers: Workers, filter: NameFilter, scan: UnitScan, threads: PostingsRegistry
  ) {
    let units = UnitCursor(self)
    workers.forEach(workers.count, state: threads.make) { postings, _ in
      while let (i, unit) = scan.next(from: units) {
        do throws(ElfDwarfError) {
          var die = unit.die
          scan.finish(i, try typeNamePostings(of: &die, filter: filter, into: postings))
        } catch {
          scan.fail(error)
        }
      }
    }
  }

  /// One unit: every type definition's name and offset into `postings`, and the
  /// summaries of those `filter` keeps.
  private func typeNamePostings(
    of unit: inout Dwarf_Die, filter: NameFilter, into postings: ThreadPostings
  ) throws(ElfDwarfError) -> [DIESummary] {
    var result: [DIESummary] = []
    let unitOffset = DIEOffset(dwarf_dieoffset(&unit))
    try forEachChild(of: &unit) { raw in
      let tag = dwarf_tag(&raw)
      guard let kind = Self.kindBit(tag), let name = Self.name(of: &raw), name.0.pointee != 0,
        !Self.declares(&raw)
      else { return }
      let offset = dwarf_dieoffset(&raw)
      postings.add(name.0, inline: name.1, kind: kind, offset: offset)
      guard filter.contains(name.0) else { return }
      let isAggregate = kind < 3
      result.append(
        DIESummary(
          offset: DIEOffset(offset), tag: DwarfTag(rawValue: UInt32(bitPattern: tag)),
          name: String(cString: name.0), isDeclaration: false,
          shape: isAggregate ? Self.shape(of: &raw) : 0, unit: unitOffset))
    }
    return result
  }

  /// The bit of `TypeNamePostings.kinds` a tag has; nil for a tag that is no type.
  private static func kindBit(_ tag: Int32) -> UInt8? {
    switch Int(tag) {
    case DW_TAG_structure_type: 0
    case DW_TAG_union_type: 1
    case DW_TAG_class_type: 2
    case DW_TAG_enumeration_type: 3
    case DW_TAG_typedef: 4
    case DW_TAG_base_type: 5
    default: nil
    }
  }

  /// `DW_AT_declaration` set: its abbreviation is consulted first (`dwarf_hasattr`
  /// reads no attribute), the flag only where it is there.
  private static func declares(_ raw: inout Dwarf_Die) -> Bool {
    dwarf_hasattr(&raw, UInt32(DW_AT_declaration)) != 0 && isDeclaration(&raw)
  }
}

/// One thread's postings: names by their address in libdw's string section (equal
/// addresses are equal names, so each name is made a Swift string once per thread,
/// after the pass), each posting as the name's number and the DIE's offset. Sendable
/// because only the thread that made it writes it, and it is read once the pass joins.
private final class ThreadPostings: @unchecked Sendable {
  // Written for every type DIE of the file by the one thread that owns the postings,
  // read after the pass; `add` calls out to nothing while it changes them. A class's
  // stored properties are otherwise checked for exclusive access at run time on each
  // use: 5% of a first `-t` on a kernel.
  @exclusivity(unchecked) var names: [UnsafePointer<CChar>] = []
  @exclusivity(unchecked) var kinds: [UInt8] = []
  @exclusivity(unchecked) var postingName: [Int32] = []
  @exclusivity(unchecked) var postingOffset: [UInt64] = []
  @exclusivity(unchecked) private var numbers = NameNumbers()

  init() {
    postingName.reserveCapacity(1 << 16)
    postingOffset.reserveCapacity(1 << 16)
  }

  /// An inline name (`DW_FORM_string`) is in the DIE itself, at a new address each
  /// time: it gets a number of its own, merged by its bytes later.
  func add(_ name: UnsafePointer<CChar>, inline: Bool, kind: UInt8, offset: UInt64) {
    let next = Int32(names.count)
    let number = inline ? next : numbers.number(of: UInt(bitPattern: name)) { next }
    if number == next {
      names.append(name)
      kinds.append(0)
    }
    kinds[Int(number)] |= 1 << kind
    postingName.append(number)
    postingOffset.append(offset)
  }
}

/// Each name's number in a thread's postings, by the name's address in libdw's string
/// section (`OpenSlots`; a `Dictionary` hashed every address with SipHash, once for each
/// of a kernel's 1.1 million type DIEs).
private struct NameNumbers {
  private var slots = OpenSlots<Int32>(empty: 0)

  /// The number `address` has; when it has none, `new()`, remembered as its number.
  mutating func number(of address: UInt, new: () -> Int32) -> Int32 {
    // No name is at address 0: every key is nonzero.
    let key = UInt64(address)
    let slot = slots.slot(of: key)
    if slots.keys[slot] == key { return slots.values[slot] }
    let number = new()
    slots.insert(key, number, at: slot)
    return number
  }
}

/// Every thread's postings, for the merge once the threads are done.
private final class PostingsRegistry {
  private let made = Mutex<[ThreadPostings]>([])

  func make() -> ThreadPostings {
    let postings = ThreadPostings()
    made.withLock { $0.append(postings) }
    return postings
  }

  var all: [ThreadPostings] { made.withLock { $0 } }
}

extension TypeNamePostings {
  /// The threads' postings as one, by name; each name's offsets sorted (each thread
  /// took units in file order, so each is a few sorted runs).
  ///
  /// A kernel has 930,000 postings under 10,000 names: each name's offsets are counted
  /// first and placed in one array, then copied out once per name. Appended one by one
  /// to each name's own array, they took 10 ms on one thread after the pass.
  fileprivate init(merging threads: [ThreadPostings]) {
    var numbers: [String: Int32] = [:]
    var names: [String] = []
    var kinds: [UInt8] = []
    // Names by their address first: libdw's string section holds each name once and
    // every thread points into it, so a name is read and made a string once per
    // address (each thread's 20,000 made into strings took a third of the merge, most
    // of it in `strlen`); then as strings, as before (an inline name has an address of
    // its own).
    var byAddress = NameNumbers()
    // For each thread, its numbers' numbers among all threads' names.
    let globals = threads.map { thread in
      thread.names.indices.map { i -> Int32 in
        let number = byAddress.number(of: UInt(bitPattern: thread.names[i])) {
          let name = String(cString: thread.names[i])
          if let known = numbers[name] { return known }
          let number = Int32(names.count)
          numbers[name] = number
          names.append(name)
          kinds.append(0)
          return number
        }
        kinds[Int(number)] |= thread.kinds[i]
        return number
      }
    }
    // Where each name's offsets start in `placed`, by counting them.
    var starts = [Int](repeating: 0, count: names.count + 1)
    for (thread, global) in zip(threads, globals) {
      for number in thread.postingName { starts[Int(global[Int(number)]) + 1] += 1 }
    }
    for k in names.indices { starts[k + 1] += starts[k] }
    var placed = [DIEOffset](repeating: DIEOffset(0), count: starts[names.count])
    var next = starts
    for (thread, global) in zip(threads, globals) {
      for (number, offset) in zip(thread.postingName, thread.postingOffset) {
        let k = Int(global[Int(number)])
        placed[next[k]] = DIEOffset(offset)
        next[k] += 1
      }
    }
    self.init(
      names: names.indices.map { k in
        var offsets = Array(placed[starts[k]..<starts[k + 1]])
        if threads.count > 1 { offsets.sort() }
        return Name(name: names[k], kinds: kinds[k], offsets: offsets)
      })
  }
}
