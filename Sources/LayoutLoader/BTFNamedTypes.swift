import BTF
import System
import LayoutModel

extension BTFTypeLoader {
  /// Every named struct and union of this file's own types (a split file's, not its
  /// base's), the first of each kind and name, in id order.
  public func loadAllNamed() throws(LoaderError) -> LoadedFile { try allNamed(taking: false) }

  public func takeAllNamed() throws(LoaderError) -> LoadedFile { try allNamed(taking: true) }

  private func allNamed(taking: Bool) throws(LoaderError) -> LoadedFile {
    var firsts: [NamedType] = []
    // Room for a whole kernel's names at once (grown as it went, the set was rehashed a
    // dozen times), capped: the count comes from the file.
    var seen = Set<KindAndName>(minimumCapacity: min(Int(btf.typeCount - btf.firstID) / 8, 1 << 15))
    for named in namedAggregates() {
      guard seen.insert(KindAndName(kind: named.kind, name: named.name)).inserted else { continue }
      firsts.append(named)
    }
    let checked = loadInParallel(firsts.map { UInt32($0.id.rawValue) })
    let stores = self.stores
    let named = firsts.compactMap { first in
      load(UInt32(first.id.rawValue)).map { NamedType(name: first.name, kind: first.kind, id: $0) }
    }
    // The check made while building holds if nothing was stored since (every id was).
    return try loadedFile(named, taking: taking, walksChecked: checked && stores == self.stores)
  }

  /// Every named struct and union, in id order: the file's records are looked at in
  /// chunks on the loader's threads (a kernel has 120,000 of them, before anything
  /// else can start).
  private func namedAggregates() -> [NamedType] {
    let btf = self.btf
    let first = btf.firstID
    let found = workers.map(chunksOf: Int(btf.typeCount - first), minimumChunk: 4096, state: {}) {
      _, range -> [NamedType] in
      var named: [NamedType] = []
      for id in first + UInt32(range.lowerBound)..<first + UInt32(range.upperBound) {
        guard let kind = btf.kind(id), kind == .structure || kind == .union,
          let name = btf.name(id)
        else { continue }
        named.append(
          NamedType(name: name, kind: kind == .union ? .union : .structure, id: TypeID(UInt64(id))))
      }
      return named
    }
    return Array(found.joined())
  }

  /// A struct's or union's kind and name, as a key (not joined into one string).
  private struct KindAndName: Hashable {
    var kind: AggregateKind
    var name: String
  }

  public func loadNamed(_ names: [String]) throws(LoaderError) -> LoadedFile {
    var named: [NamedType] = []
    for name in names {
      guard let found = namedType(name) else {
        throw .typeNotFound(
          file: path, name: name, suggestion: Suggestions.closest(to: name, in: namedTypeNames))
      }
      named.append(found)
    }
    return try loadedFile(named)
  }

  /// `layout -t` through BTF: structs, unions, typedefs and enums by kind and name (a
  /// bare name tries aggregates, typedefs, then enums, as with DWARF).
  public func loadSelected(
    _ specs: [TypeSpec]
  ) throws(LoaderError) -> (loaded: LoadedFile, picks: [TypePick]) {
    var named: [NamedType] = []
    var picks: [TypePick] = []
    for spec in specs {
      let found: NamedType?
      switch spec.kind {
      // BTF has no C++ classes: a class is looked for as a struct.
      case .structure?, .class?:
        found = btf.find(spec.name, kind: .structure).flatMap { load($0) }.map {
          NamedType(name: spec.name, kind: .structure, id: $0)
        }
      case .union?:
        found = btf.find(spec.name, kind: .union).flatMap { load($0) }.map {
          NamedType(name: spec.name, kind: .union, id: $0)
        }
      case .enumeration?: found = nil
      case nil, .typedef?: found = namedType(spec.name)
      }
      if let found {
        named.append(found)
        picks.append(.aggregate(found))
      } else if spec.kind == nil || spec.kind == .enumeration,
        let e = enumeration(named: spec.name)
      {
        picks.append(.enumeration(e))
      } else {
        let enums: Set<BTFKind> = [.enumeration, .enumeration64]
        let kinds: Set<BTFKind> =
          switch spec.kind {
          case .enumeration?: enums
          case nil: enums.union([.structure, .union, .typedef])
          default: [.structure, .union, .typedef]
          }
        throw .typeNotFound(
          file: path, name: spec.description,
          suggestion: Suggestions.closest(to: spec.name, in: typeNames(kinds)))
      }
    }
    return (try loadedFile(named), picks)
  }

  /// The enum called `name` with its constants, valued as the same build's DWARF values
  /// them: signed when the kind flag says so. (pahole 1.24 ignores the flag and prints
  /// the bits unsigned: `-1` as `4294967295`, docs/parity.md.) One with no constants is
  /// a declaration.
  func enumeration(named name: String) -> Enumeration? {
    guard let e = enumerationRecord(named: name) else { return nil }
    return Enumeration(
      name: e.name ?? name, byteSize: e.enumerators.isEmpty ? nil : UInt64(e.size),
      enumerators: e.enumerators.map { c in
        let value: EnumeratorValue
        switch (e.isSigned, e.is64) {
        case (true, true): value = .signed(Int64(bitPattern: c.bits))
        case (true, false): value = .signed(Int64(Int32(truncatingIfNeeded: c.bits)))
        case (false, _): value = .unsigned(c.bits)
        }
        return Enumerator(name: c.name ?? "", value: value)
      })
  }

  /// The first enum called `name` that has constants, else the first declaration of it:
  /// libbpf finds the first of a name and kind, and a declaration (an ENUM with no
  /// constants) may come before the definition.
  private func enumerationRecord(named name: String) -> BTFEnumeration? {
    let firsts = [btf.find(name, kind: .enumeration), btf.find(name, kind: .enumeration64)]
      .compactMap { $0.flatMap(btf.enumeration) }
    if let defined = firsts.first(where: { !$0.enumerators.isEmpty }) { return defined }
    guard let declaration = firsts.first else { return nil }
    for id in 1..<btf.typeCount {
      guard let kind = btf.kind(id), kind == .enumeration || kind == .enumeration64,
        btf.name(id) == name, let e = btf.enumeration(id), !e.enumerators.isEmpty
      else { continue }
      return e
    }
    return declaration
  }

  public func defines(_ spec: TypeSpec) throws(LoaderError) -> Bool {
    switch spec.kind {
    case .structure?, .class?: return btf.find(spec.name, kind: .structure) != nil
    case .union?: return btf.find(spec.name, kind: .union) != nil
    case .enumeration?: return isEnumeration(spec.name)
    case nil, .typedef?: return namedType(spec.name) != nil || isEnumeration(spec.name)
    }
  }

  private func isEnumeration(_ name: String) -> Bool {
    btf.find(name, kind: .enumeration) != nil || btf.find(name, kind: .enumeration64) != nil
  }

  public func loadNamedIfPresent(_ names: [String]) throws(LoaderError) -> LoadedFile {
    try loadedFile(names.compactMap(namedType))
  }

  /// What a user can give `-t` (struct, union, enum, typedef), each once, sorted by
  /// name, for shell completion: names only, nothing loaded.
  public func definedTypes() -> [TypeSpec] {
    var specs: [TypeSpec] = []
    for id in btf.firstID..<btf.typeCount {
      guard let kind = btf.kind(id), let name = btf.name(id) else { continue }
      switch kind {
      case .structure: specs.append(TypeSpec(kind: .structure, name: name))
      case .union: specs.append(TypeSpec(kind: .union, name: name))
      case .enumeration, .enumeration64: specs.append(TypeSpec(kind: .enumeration, name: name))
      case .typedef: specs.append(TypeSpec(name: name))
      default: continue
      }
    }
    return Array(Set(specs)).sorted(by: TypeSpec.byName)
  }

  /// The names of every struct, union and typedef, for "did you mean" (only on the way
  /// to an error).
  var namedTypeNames: [String] { typeNames([.structure, .union, .typedef]) }

  /// The names of this file's own types of `kinds`.
  func typeNames(_ kinds: Set<BTFKind>) -> [String] {
    (btf.firstID..<btf.typeCount).compactMap { id in
      guard let kind = btf.kind(id), kinds.contains(kind) else { return nil }
      return btf.name(id)
    }
  }

  /// A struct, union, or typedef to one, called `name` (base types included).
  private func namedType(_ name: String) -> NamedType? {
    if let id = btf.find(name, kind: .structure), let loaded = load(id) {
      return NamedType(name: name, kind: .structure, id: loaded)
    }
    if let id = btf.find(name, kind: .union), let loaded = load(id) {
      return NamedType(name: name, kind: .union, id: loaded)
    }
    if let id = btf.find(name, kind: .typedef), let loaded = load(id) {
      return NamedType(name: name, kind: table.aggregate(loaded)?.kind ?? .structure, id: loaded)
    }
    return nil
  }

  private func loadedFile(
    _ named: [NamedType], taking: Bool = false, walksChecked: Bool = false
  ) throws(LoaderError) -> LoadedFile {
    let types = table
    if taking { table = TypeTable(abi: table.abi) }
    return try LoadedFile(
      path: path, machine: machine, byteOrder: byteOrder, table: consume types,
      definitions: named, source: .btf, workers: workers, walksChecked: walksChecked)
  }

  public func resolveSpelling(_ spelling: String) throws(LoaderError) -> TypeID? {
    var text = spelling.trimmingWhitespace
    if text.hasSuffix("*") {
      text.removeLast()
      guard let target = try resolveSpelling(text) else { return nil }
      let id = table.freshID()
      table[id] = .pointer(target: target, byteSize: table.abi.pointerSize)
      return id
    }
    let spec = TypeSpec(parsing: text)
    if let kind = spec.kind {
      let kinds: [BTFKind]
      switch kind {
      case .structure, .class: kinds = [.structure]
      case .union: kinds = [.union]
      case .enumeration: kinds = [.enumeration, .enumeration64]
      case .typedef: kinds = [.typedef]
      }
      return kinds.lazy.compactMap { self.btf.find(spec.name, kind: $0) }.first.flatMap { load($0) }
    }
    for kind: BTFKind in [.structure, .union, .typedef] {
      if let id = btf.find(text, kind: kind) { return load(id) }
    }
    let canonical = TypeLoader.baseTypeSpellings[text] ?? text
    for kind: BTFKind in [.int, .float] {
      if let id = btf.find(canonical, kind: kind) { return load(id) }
    }
    return nil
  }

  @discardableResult
  public func completeDeclarations(from other: any TypeProvider) throws(LoaderError) -> Int {
    try TypeImport.completeDeclarations(in: &table, from: other)
  }

  /// BTF has variables only where the encoder put them (per-CPU ones in a kernel's):
  /// their element counts per struct, like DWARF's file-scope variables.
  public func instancesByStruct() throws(LoaderError) -> [String: UInt64] {
    var result: [String: UInt64] = [:]
    for id in btf.firstID..<btf.typeCount where btf.kind(id) == .variable {
      guard let variable = btf.type(id), let type = load(variable.target),
        let (name, count) = table.elementShape(of: type)
      else { continue }
      result[name, default: 0] &+= count ?? 0
    }
    return result
  }
}
