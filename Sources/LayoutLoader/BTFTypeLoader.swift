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
  /// Types loaded as reached through a pointer, by BTF id: named structs and unions by
  /// name only, and typedefs and qualifiers, whose targets were loaded the same way.
  /// Asked for in full later (held by value), such a type is loaded again in full.
  @exclusivity(unchecked) var shallow: [Bool]
  /// How many types `load` has stored: whether a table checked once is still the same.
  @exclusivity(unchecked) var stores = 0
  /// One for the loader, so natural alignments are computed once per type.
  @exclusivity(unchecked) var inference = BTFAlignmentInference()
  /// Threads for loading a whole file's named types, and how many named types make
  /// that worth threads (a module's few hundred load faster on one).
  public var workers = Workers.allCores
  public var parallelLoadMinimum = 1024
  /// How each record becomes a type.
  let building: BTFTypeBuilding

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
    self.building = BTFTypeBuilding(btf: btf, pointerSize: size)
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
    stores &+= 1
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
  private func skipTags(_ id: UInt32) -> UInt32 { building.skipTags(id) }

  private func convert(_ t: BTFType, shallow: Bool) -> CType {
    if BTFTypeBuilding.isPartial(t, shallow: shallow) && Int(t.id) < self.shallow.count {
      self.shallow[Int(t.id)] = true
    }
    let type = building.type(t, shallow: shallow) { load($1, shallow: $2) }
    guard let type else {
      // A tag, which `load` looks through; kept total for direct callers.
      return load(t.target, shallow: shallow).flatMap { table[$0] } ?? .void
    }
    guard BTFTypeBuilding.hasMembers(t, shallow: shallow), case .aggregate(let a) = type else {
      return type
    }
    return .aggregate(inPlace { inference.infer(a, in: $0) })
  }
}
