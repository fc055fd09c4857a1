import ElfDwarf
import LayoutModel
import System

/// Reads types from a file's DWARF into a `TypeTable`, on demand and memoized: a type
/// is loaded when asked for, together with what it refers to, and never twice.
///
/// Every DWARF quirk is handled here and nowhere else: DWARF 2–5 member offsets,
/// `DW_AT_bit_offset` conversion, declarations, anonymous members, flexible arrays,
/// `DW_AT_alignment`.
public final class TypeLoader {
  public let file: ElfFile
  public internal(set) var table: TypeTable
  /// Deeper than this, a type chain is treated as hostile rather than recursed into
  /// (the limit every table a loader hands out keeps: `TypeTable.walkProblem`).
  static let maxDepth = TypeTable.maxWalkDepth
  /// Threads for the first pass over a file's units and for marking packing.
  public var workers: Workers
  /// The full definition index, once built or read.
  var cachedIndex: DefinitionIndex?
  /// Where this file's index is kept between runs; nil: no cache.
  let indexCache: TypeIndexCache?
  /// Whether `cachedIndex` was found by this loader (false: read from the cache, a hint
  /// whose entries are checked before use).
  var indexTrusted = true
  /// The name index from the cache (a hint), once read; `.some(nil)`: there is none.
  var storedNames: NameIndex??
  /// DIEs an entry of a hint was checked against.
  var checkedOffsets = Set<DIEOffset>()
  /// Types loaded as reached only through pointers, where the name is all that printing
  /// needs: named aggregates without their members, and the typedefs and qualifiers
  /// leading to them. Loaded in full if later needed by value.
  var shallow = Set<TypeID>()

  /// A loader of `file`'s DWARF; with `index`, the file's type index is read from and
  /// kept in that cache.
  public init(file: ElfFile, workers: Workers = .allCores, index: TypeIndexCache? = nil) {
    self.file = file
    self.workers = workers
    self.indexCache = index
    let abi = TargetABI(
      machine: file.header.machineName, pointerSize: UInt64(file.header.addressSize))
    self.table = TypeTable(abi: abi)
  }

  /// Loads the type whose DIE is at `offset` (and everything it references).
  public func load(_ offset: DIEOffset) throws(LoaderError) -> TypeID {
    try load(offset, depth: 0)
  }

  func load(_ offset: DIEOffset, depth: Int, shallow: Bool = false) throws(LoaderError) -> TypeID {
    let id = TypeID(offset.rawValue)
    if table[id] != nil && (shallow || !self.shallow.contains(id)) { return id }
    self.shallow.remove(id)
    guard depth < Self.maxDepth else {
      throw .unwalkableType(file: file.path, source: .dwarf, problem: .tooDeep(id), type: nil)
    }
    // A placeholder first: a struct that points at itself finds itself loaded.
    table[id] = .unknown("being loaded")
    let die = try read { () throws(ElfDwarfError) in try file.die(at: offset) }
    table[id] = try convert(die, depth: depth, shallow: shallow)
    return id
  }

  /// The referenced type of `attribute`, loaded; nil when absent (`void`).
  func target(
    of die: DIE, _ attribute: DwarfAttribute = .type, depth: Int, shallow: Bool = false
  ) throws(LoaderError) -> TypeID? {
    guard let offset = die.reference(attribute) else { return nil }
    return try load(offset, depth: depth + 1, shallow: shallow)
  }

  func read<T>(_ body: () throws(ElfDwarfError) -> T) throws(LoaderError) -> T {
    do { return try body() } catch { throw .reading(error) }
  }

  private func convert(_ die: DIE, depth: Int, shallow: Bool) throws(LoaderError) -> CType {
    switch die.tag {
    case .typedef, .constType, .volatileType, .restrictType, .atomicType:
      // Reached through a pointer, it leads to its target the same way (a named struct
      // by name only): loaded again when a member holds it. Kept as loaded, the member's
      // struct had no members (`--expand` showed it empty, its alignment was 1).
      if shallow { self.shallow.insert(TypeID(die.offset.rawValue)) }
    default: break
    }
    switch die.tag {
    case .baseType: return base(die)
    case .pointerType, .referenceType:
      let size = die[.byteSize]?.unsignedValue ?? table.abi.pointerSize
      return .pointer(target: try target(of: die, depth: depth, shallow: true), byteSize: size)
    case .structureType, .unionType, .classType:
      if shallow && die.name != nil { self.shallow.insert(TypeID(die.offset.rawValue)) }
      return .aggregate(try aggregate(die, depth: depth, shallow: shallow && die.name != nil))
    case .enumerationType: return try enumeration(die)
    case .arrayType: return try array(die, depth: depth)
    case .typedef:
      return .typedef(
        name: die.name ?? "<anonymous typedef>",
        target: try target(of: die, depth: depth, shallow: shallow))
    case .constType:
      return .qualified(.const, target: try target(of: die, depth: depth, shallow: shallow))
    case .volatileType:
      return .qualified(.volatile, target: try target(of: die, depth: depth, shallow: shallow))
    case .restrictType:
      return .qualified(.restrict, target: try target(of: die, depth: depth, shallow: shallow))
    case .atomicType:
      return .qualified(.atomic, target: try target(of: die, depth: depth, shallow: shallow))
    case .subroutineType: return try function(die, depth: depth)
    case .unspecifiedType: return .base(name: die.name ?? "void", byteSize: 0, encoding: .other)
    default: return .unknown("DWARF tag 0x\(String(die.tag.rawValue, radix: 16)) is not a type")
    }
  }

  private func base(_ die: DIE) -> CType {
    let encoding: BaseEncoding
    switch die[.encoding]?.unsignedValue {
    case DwarfEncoding.signed, DwarfEncoding.signedChar: encoding = .signed
    case DwarfEncoding.unsigned, DwarfEncoding.unsignedChar: encoding = .unsigned
    case DwarfEncoding.boolean: encoding = .boolean
    case DwarfEncoding.float: encoding = .float
    default: encoding = .other
    }
    return .base(
      name: die.name ?? "<unnamed>", byteSize: die[.byteSize]?.unsignedValue ?? 0,
      encoding: encoding)
  }

  /// An enum; an anonymous one with its enumerators (it prints inline, a named one by
  /// name only), whose values are signed when its underlying type is.
  private func enumeration(_ die: DIE) throws(LoaderError) -> CType {
    guard die.name == nil else {
      return .enumeration(name: die.name, byteSize: die[.byteSize]?.unsignedValue)
    }
    var isSigned = false
    if let underlying = die.reference(.type) {
      let base = try read { () throws(ElfDwarfError) in try file.die(at: underlying) }
      let encoding = base[.encoding]?.unsignedValue
      isSigned = encoding == DwarfEncoding.signed || encoding == DwarfEncoding.signedChar
    }
    var enumerators: [Enumerator] = []
    if die.hasChildren {
      for child in try read({ () throws(ElfDwarfError) in try file.children(of: die.offset) })
      where child.tag == .enumerator {
        let bits: UInt64
        switch child[.constValue] {
        case .unsigned(let v)?: bits = v
        case .signed(let v)?: bits = UInt64(bitPattern: v)
        default: bits = 0
        }
        // Printed as the underlying type reads it, whatever form DWARF stored it in.
        let value: EnumeratorValue = isSigned ? .signed(Int64(bitPattern: bits)) : .unsigned(bits)
        enumerators.append(Enumerator(name: child.name ?? "", value: value))
      }
    }
    return .enumeration(
      name: die.name, byteSize: die[.byteSize]?.unsignedValue, enumerators: enumerators)
  }

  /// Parameters and the return type only name themselves in a declarator: shallow.
  private func function(_ die: DIE, depth: Int) throws(LoaderError) -> CType {
    let returns = try target(of: die, depth: depth, shallow: true)
    var parameters: [TypeID] = []
    var variadic = false
    if die.hasChildren {
      for child in try read({ () throws(ElfDwarfError) in try file.children(of: die.offset) }) {
        if child.tag == .unspecifiedParameters { variadic = true }
        if child.tag == .formalParameter, let p = try target(of: child, depth: depth, shallow: true)
        {
          parameters.append(p)
        }
      }
    }
    return .function(returns: returns, parameters: parameters, variadic: variadic)
  }
}
