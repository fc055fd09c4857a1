import BTF
import ElfDwarf
import LayoutModel
import System

/// Reads types from BTF into a `TypeTable`, on demand and memoized like `TypeLoader`
/// (a type is converted when asked for, with what it refers to; named structs reached
/// through pointers only by name). A BTF id is the `TypeID`.
///
/// Every BTF quirk is handled here: bit fields in the kind flag or (old encoders) in
/// the INT type, multi-dimensional arrays as nested ARRAYs, TYPE_TAG (transparent for
/// layout), DECL_TAG/FUNC/VAR/DATASEC (not member types), FWD as a declaration.
/// BTF records no alignment: `Alignment` infers it from the offsets, as pahole does.
public final class BTFTypeLoader: TypeProvider {
  public let btf: BTFFile
  public let path: String
  public let machine: String
  public let byteOrder: ByteOrder
  // The loader's state is read and written for each of a kernel's 60,000 types, and a
  // class's stored properties are checked for exclusive access at run time on each use
  // (11% of loading). Loading never reenters itself while one access is open: the
  // checks are off for these.
  @exclusivity(unchecked) public internal(set) var table: TypeTable
  public var source: TypeSource { .btf }
  /// Named structs loaded by name only (reached through pointers), by BTF id.
  @exclusivity(unchecked) var shallow: [Bool]
  /// One for the loader, so natural alignments are computed once per type.
  @exclusivity(unchecked) var inference = BTFAlignmentInference()
  /// Threads for loading a whole file's named types, and how many named types make
  /// that worth threads (a module's few hundred load faster on one).
  public var workers = Workers.allCores
  public var parallelLoadMinimum = 1024
  /// The table's pointer size, for each pointer loaded.
  private let pointerSize: UInt64

  /// `machine` and `pointerSize` come from the ELF header when the BTF is a `.BTF`
  /// section; raw BTF says neither, so the pointer size is libbpf's guess from `long`.
  public init(btf: BTFFile, path: String, machine: String? = nil, pointerSize: Int? = nil) {
    self.btf = btf
    self.path = path
    self.machine = machine ?? "unknown"
    self.byteOrder = btf.byteOrder == .big ? .big : .little
    let guessed = btf.pointerSize > 0 ? btf.pointerSize : (btf.base?.pointerSize ?? 0)
    let size = UInt64(pointerSize ?? (guessed > 0 ? guessed : 8))
    // BTF ids are dense (1..<typeCount): the table keeps them by index.
    self.pointerSize = size
    self.table = TypeTable(
      abi: TargetABI(machine: self.machine, pointerSize: size), denseIDs: Int(btf.typeCount))
    self.shallow = Array(repeating: false, count: Int(btf.typeCount))
  }

  /// Loads BTF type `id` (and what it refers to); nil for `void`.
  public func load(_ id: UInt32) -> TypeID? { load(id, shallow: false) }

  func load(_ raw: UInt32, shallow: Bool) -> TypeID? {
    let id = skipTags(raw)
    guard id != 0 else { return nil }
    let typeID = TypeID(UInt64(id))
    // Ids past the end are not trusted to index anything (`btf.type` says "missing").
    let own = Int(id) < self.shallow.count
    if inPlace({ $0.contains(typeID) }) && (shallow || !own || !self.shallow[Int(id)]) {
      return typeID
    }
    if own { self.shallow[Int(id)] = false }
    // A placeholder first: a struct that points at itself finds itself loaded.
    table[typeID] = .unknown("being loaded")
    guard let type = btf.type(id) else {
      table[typeID] = .unknown("BTF type [\(id)] is missing")
      return typeID
    }
    table[typeID] = convert(type, shallow: shallow)
    return typeID
  }

  /// `body` with the table where the loader keeps it. A method called on `table`, a
  /// class's stored property, was given a copy (the table's buffers retained and
  /// released) for each type loaded; access as for a change is made in place.
  @inline(__always)
  private func inPlace<R>(_ body: (inout TypeTable) -> R) -> R { body(&table) }

  /// TYPE_TAG (`__user`, `__rcu` in BTF) says nothing about layout: look through it.
  /// Validation ruled out cycles, so the walk ends; the bound is a second guard.
  private func skipTags(_ id: UInt32) -> UInt32 {
    var current = id
    for _ in 0..<BTFFile.maxDepth {
      guard btf.kind(current) == .typeTag, let target = btf.referencedType(current) else {
        return current
      }
      current = target
    }
    return current
  }

  private func convert(_ t: BTFType, shallow: Bool) -> CType {
    switch t.kind {
    case .int:
      let e = t.intEncoding
      let encoding: BaseEncoding =
        e?.boolean == true ? .boolean : e?.signed == true ? .signed : .unsigned
      return .base(name: t.name ?? "<unnamed>", byteSize: UInt64(t.size), encoding: encoding)
    case .float:
      return .base(name: t.name ?? "<unnamed>", byteSize: UInt64(t.size), encoding: .float)
    case .pointer:
      return .pointer(target: load(t.target, shallow: true), byteSize: pointerSize)
    case .array: return array(t)
    case .structure, .union:
      if shallow && t.name != nil && Int(t.id) < self.shallow.count {
        self.shallow[Int(t.id)] = true
      }
      return .aggregate(aggregate(t, shallow: shallow && t.name != nil))
    case .enumeration, .enumeration64: return .enumeration(name: t.name, byteSize: UInt64(t.size))
    case .forward:
      return .aggregate(
        AggregateType(
          kind: t.kindFlag ? .union : .structure, name: t.name, byteSize: nil, members: [],
          isDeclaration: true))
    case .typedef:
      return .typedef(
        name: t.name ?? "<anonymous typedef>", target: load(t.target, shallow: shallow))
    case .const: return .qualified(.const, target: load(t.target, shallow: shallow))
    case .volatile: return .qualified(.volatile, target: load(t.target, shallow: shallow))
    case .restrict: return .qualified(.restrict, target: load(t.target, shallow: shallow))
    case .typeTag:  // `load` looks through tags; kept total for direct callers
      return load(t.target, shallow: shallow).flatMap { table[$0] } ?? .void
    case .functionPrototype:
      var parameters = t.parameters
      let variadic = parameters.last == 0
      if variadic { parameters.removeLast() }
      return .function(
        returns: load(t.target, shallow: true),
        parameters: parameters.compactMap { load($0, shallow: true) },
        variadic: variadic)
    case .void: return .void
    case .function, .variable, .dataSection, .declarationTag:
      return .unknown("BTF \(t.kind) [\(t.id)] is not a data type")
    }
  }

  /// Nested ARRAYs are one C array of several dimensions (`int x[2][3]`).
  private func array(_ t: BTFType) -> CType {
    var counts: [UInt64?] = [UInt64(t.count)]
    var element = skipTags(t.element)
    for _ in 0..<BTFFile.maxDepth {
      guard btf.kind(element) == .array, let inner = btf.type(element) else { break }
      counts.append(UInt64(inner.count))
      element = skipTags(inner.element)
    }
    guard let loaded = load(element, shallow: false) else { return .unknown("array of void") }
    return .array(element: loaded, counts: counts)
  }

  private func aggregate(_ t: BTFType, shallow: Bool) -> AggregateType {
    var members: [Member] = []
    if !shallow {
      members.reserveCapacity(t.members.count)
      for m in t.members {
        guard let type = load(m.type, shallow: false) else { continue }
        var bitOffset = UInt64(m.bitOffset)
        var width: UInt64? = m.bitFieldSize > 0 ? UInt64(m.bitFieldSize) : nil
        // Without the kind flag, a bit field is an INT whose bits are fewer than its size.
        if !t.kindFlag, let legacy = legacyBitField(m.type) {
          bitOffset &+= UInt64(legacy.offset)
          width = UInt64(legacy.bits)
        }
        members.append(Member(name: m.name, type: type, bitOffset: bitOffset, bitFieldSize: width))
      }
    }
    let aggregate = AggregateType(
      kind: t.kind == .union ? .union : .structure, name: t.name, byteSize: UInt64(t.size),
      members: members)
    guard !shallow else { return aggregate }
    return inPlace { inference.infer(aggregate, in: $0) }
  }

  private func legacyBitField(_ id: UInt32) -> BTFIntEncoding? {
    var current = id
    for _ in 0..<BTFFile.maxDepth {
      // Only INTs (behind typedefs, qualifiers and tags) can be legacy bit fields: the
      // chain is followed by kind and target alone, no type value built for each member.
      if let (size, e) = btf.intType(current) {
        guard e.offset != 0 || UInt64(e.bits) != UInt64(size) * 8 else { return nil }
        return e
      }
      guard btf.kind(current) != .pointer, let next = btf.referencedType(current) else {
        return nil
      }
      current = next
    }
    return nil
  }
}
