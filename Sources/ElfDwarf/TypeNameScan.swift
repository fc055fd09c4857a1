#if canImport(Glibc)
  import Glibc
#endif
import Foundation
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
/// after the pass), each posting as the name's number and the DIE's offset.
private final class ThreadPostings {
  var names: [UnsafePointer<CChar>] = []
  var kinds: [UInt8] = []
  var postingName: [Int32] = []
  var postingOffset: [UInt64] = []
  private var numbers: [UInt: Int32] = [:]

  init() {
    postingName.reserveCapacity(1 << 16)
    postingOffset.reserveCapacity(1 << 16)
  }

  /// An inline name (`DW_FORM_string`) is in the DIE itself, at a new address each
  /// time: it gets a number of its own, merged by its bytes later.
  func add(_ name: UnsafePointer<CChar>, inline: Bool, kind: UInt8, offset: UInt64) {
    let key = UInt(bitPattern: name)
    let number: Int32
    if let known = numbers[key] {
      number = known
    } else {
      number = Int32(names.count)
      names.append(name)
      kinds.append(0)
      if !inline { numbers[key] = number }
    }
    kinds[Int(number)] |= 1 << kind
    postingName.append(number)
    postingOffset.append(offset)
  }
}

/// Every thread's postings, for the merge once the threads are done.
private final class PostingsRegistry {
  private let lock = NSLock()
  private var made: [ThreadPostings] = []

  func make() -> ThreadPostings {
    let postings = ThreadPostings()
    lock.lock()
    defer { lock.unlock() }
    made.append(postings)
    return postings
  }

  var all: [ThreadPostings] {
    lock.lock()
    defer { lock.unlock() }
    return made
  }
}

extension TypeNamePostings {
  /// The threads' postings as one, by name; each name's offsets sorted (each thread
  /// took units in file order, so each is a few sorted runs).
  fileprivate init(merging threads: [ThreadPostings]) {
    var numbers: [String: Int] = [:]
    var merged: [Name] = []
    for thread in threads {
      var global = [Int](repeating: 0, count: thread.names.count)
      for (i, pointer) in thread.names.enumerated() {
        let name = String(cString: pointer)
        if let known = numbers[name] {
          global[i] = known
          merged[known].kinds |= thread.kinds[i]
        } else {
          global[i] = merged.count
          numbers[name] = merged.count
          merged.append(Name(name: name, kinds: thread.kinds[i], offsets: []))
        }
      }
      for (number, offset) in zip(thread.postingName, thread.postingOffset) {
        merged[global[Int(number)]].offsets.append(DIEOffset(offset))
      }
    }
    if threads.count > 1 {
      for i in merged.indices { merged[i].offsets.sort() }
    }
    self.init(names: merged)
  }
}
