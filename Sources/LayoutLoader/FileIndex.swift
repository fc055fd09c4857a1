import FoundationEssentials
import ElfDwarf
import LayoutModel

extension TypeLoader {
  /// Finds every named struct and union definition in the file (each distinct
  /// definition once, in file order, as pahole prints them) and loads them. Declarations whose definition is in
  /// another unit are replaced by it, so reduced debug info shows real sizes.
  public func loadAllNamed() throws(LoaderError) -> LoadedFile { try allNamed(taking: false) }

  public func takeAllNamed() throws(LoaderError) -> LoadedFile { try allNamed(taking: true) }

  private func allNamed(taking: Bool) throws(LoaderError) -> LoadedFile {
    let named = try withIndex { index throws(LoaderError) -> [NamedType]? in
      var named: [NamedType] = []
      for entry in index.definitions {
        guard checked(entry) else { return nil }
        named.append(NamedType(name: entry.name, kind: entry.kind, id: try load(entry.offset)))
      }
      return try resolveDeclarations(using: index) ? named : nil
    }
    return try loadedFile(named, taking: taking)
  }

  /// Loads only the types called `names` (struct, union or typedef to one): the first
  /// definition of each.
  public func loadNamed(_ names: [String]) throws(LoaderError) -> LoadedFile {
    try loadSelected(names.map { TypeSpec(name: $0) }).loaded
  }

  /// Loads the types `specs` name, in that order; a keyword (`struct`, `union`,
  /// `enum`) restricts the match, a bare name tries aggregates, typedefs, then enums.
  public func loadSelected(
    _ specs: [TypeSpec]
  ) throws(LoaderError) -> (loaded: LoadedFile, picks: [TypePick]) {
    try loadSelected(specs, allDefinitions: false)
  }

  /// The same; with `allDefinitions`, every distinct definition of each aggregate name
  /// (the kernel has several `struct irq_info`), and in any case how many there are
  /// (`LoadedFile.definitionCounts`), which needs the whole index.
  public func loadSelected(
    _ specs: [TypeSpec], allDefinitions: Bool
  ) throws(LoaderError) -> (loaded: LoadedFile, picks: [TypePick]) {
    // The stored definition index; else the definitions the stored name index points
    // at; else one pass over every unit that keeps only these names (and stores the
    // name index): every definition of each is found (and counted), and only they pay
    // for a shape hash.
    let names = Set(specs.map(\.name))
    let index = try definitionIndex(for: names)
    return try withIndex(index, names: names) { index throws(LoaderError) in
      try selected(specs, in: index, allDefinitions: allDefinitions)
    }
  }

  /// `loadSelected` on `index`; nil when an entry of a hint did not check out, or a
  /// name is missing from one.
  private func selected(
    _ specs: [TypeSpec], in index: DefinitionIndex, allDefinitions: Bool
  ) throws(LoaderError) -> (loaded: LoadedFile, picks: [TypePick])? {
    var named: [NamedType] = []
    var picks: [TypePick] = []
    var counts: [String: Int] = [:]
    let definitionsByName = index.definitionsByName()
    for spec in specs {
      switch index.entry(for: spec, byName: definitionsByName) {
      case nil:
        guard absenceIsKnown else { return nil }
        throw .typeNotFound(
          file: file.path, name: spec.description, suggestion: try suggestion(for: spec.name))
      case .aggregate(let entry)?:
        let all = (definitionsByName[spec.name] ?? []).filter { $0.kind == entry.kind }
        counts[spec.name] = max(all.count, 1)
        for e in allDefinitions && all.count > 1 ? all : [entry] {
          guard checked(e) else { return nil }
          let type = NamedType(name: spec.name, kind: e.kind, id: try load(e.offset))
          named.append(type)
          picks.append(.aggregate(type))
        }
      case .enumeration(let entry)?:
        guard checked(entry) else { return nil }
        picks.append(.enumeration(try enumeration(at: entry.offset)))
      }
    }
    // An index of a few names may not hold a declaration's definition: only then pay
    // for the whole one.
    guard try resolveDeclarations(using: hasDeclarations ? try definitionIndex() : index) else {
      return nil
    }
    var loaded = try loadedFile(named)
    loaded.definitionCounts = counts
    return (loaded, picks)
  }

  private func loadedFile(
    _ named: [NamedType], taking: Bool = false
  ) throws(LoaderError) -> LoadedFile {
    let types = table
    if taking { table = TypeTable(abi: table.abi) }
    return try LoadedFile(
      path: file.path, machine: file.header.machineName, byteOrder: file.header.byteOrder,
      table: consume types, definitions: named, source: .dwarf, workers: workers)
  }

  /// Whether a loaded aggregate embeds a declaration-only type by value (pointers to
  /// opaque structs are everywhere and do not matter for layout).
  var hasDeclarations: Bool {
    table.types.values.contains { type in
      guard case .aggregate(let a) = type else { return false }
      return a.members.contains { m in
        var element = table.resolved(m.type)
        if case .array(let e, _)? = element { element = table.resolved(e) }
        if case .aggregate(let inner)? = element { return inner.isDeclaration }
        return false
      }
    }
  }

  /// Points every loaded declaration at a definition of the same kind and name; false
  /// when an entry of a hint did not check out.
  private func resolveDeclarations(using index: DefinitionIndex) throws(LoaderError) -> Bool {
    let byName = Dictionary(index.definitions.map { (TypeKey($0.kind, $0.name), $0) }) {
      first, _ in first
    }
    // The declarations loaded so far, then each pointed at its definition (loading a
    // definition may load more types: those are not looked at, as before). Found in
    // place: a dictionary of the table's 60,000 types was made for it before.
    var declarations: [(id: TypeID, entry: DefinitionIndex.Entry)] = []
    table.forEachType { id, type in
      guard case .aggregate(let a) = type, a.isDeclaration, let name = a.name,
        let entry = byName[TypeKey(a.kind, name)]
      else { return }
      declarations.append((id, entry))
    }
    for (id, entry) in declarations {
      guard checked(entry) else { return false }
      guard let definitionID = try? load(entry.offset), definitionID != id else { continue }
      table[id] = table[definitionID]
    }
    return true
  }
}

extension TypeLoader {
  /// The defined type name closest to a misspelled one (the whole index is read:
  /// only on the way to an error).
  public func suggestion(for name: String) throws(LoaderError) -> String? {
    if cachedIndex == nil, let stored = nameIndex() {
      return Suggestions.closest(to: name, in: Self.userNames(stored.names).map(\.name))
    }
    return Suggestions.closest(to: name, in: try definitionIndex().names)
  }

  /// What `-t` can name, from a name index: structs, unions and classes (as structs),
  /// enums, and typedefs (kind nil); base types are not listed.
  static func userNames(_ names: [(name: String, kinds: UInt8)]) -> [TypeSpec] {
    var specs: [TypeSpec] = []
    for (name, kinds) in names {
      if kinds & 0b101 != 0 { specs.append(TypeSpec(kind: .structure, name: name)) }
      if kinds & 0b10 != 0 { specs.append(TypeSpec(kind: .union, name: name)) }
      if kinds & 0b1000 != 0 { specs.append(TypeSpec(kind: .enumeration, name: name)) }
      if kinds & 0b1_0000 != 0 { specs.append(TypeSpec(name: name)) }
    }
    return specs
  }
}

extension TypeLoader {
  /// Loads those of `names` that the file defines (struct, union or typedef), silently
  /// skipping the others: for callers that probe for optional types.
  public func loadNamedIfPresent(_ names: [String]) throws(LoaderError) -> LoadedFile {
    // Probing (for klp types, say) stops once every name is seen: the first
    // definition of each is all it loads.
    let index = try definitionIndex(for: Set(names), stopEarly: true)
    let named = try withIndex(index, names: Set(names)) {
      index throws(LoaderError) -> [NamedType]? in
      var named: [NamedType] = []
      for name in names {
        guard
          let entry = index.definitions.first(where: { $0.name == name }) ?? index.typedefs[name]
        else { continue }
        guard checked(entry) else { return nil }
        named.append(NamedType(name: name, kind: entry.kind, id: try load(entry.offset)))
      }
      let declarations = hasDeclarations ? try definitionIndex() : index
      return try resolveDeclarations(using: declarations) ? named : nil
    }
    return try loadedFile(named)
  }
}

extension TypeLoader {
  /// Resolves a C type spelling the user typed (`struct list_head`, `list_head`,
  /// `unsigned long`, `long unsigned int`, `struct klp_func *`) to a loaded type,
  /// synthesizing pointer types as needed. nil when the file defines no such type.
  public func resolveSpelling(_ spelling: String) throws(LoaderError) -> TypeID? {
    var text = spelling.trimmingWhitespace
    if text.hasSuffix("*") {
      text.removeLast()
      guard let target = try resolveSpelling(text) else { return nil }
      return pointer(to: target)
    }
    return try withIndex { index throws(LoaderError) -> TypeID?? in try resolve(text, in: index) }
  }

  /// `resolveSpelling` of a name on `index`: .some(nil) when it names nothing, nil when
  /// an entry of a hint did not check out.
  private func resolve(_ text: String, in index: DefinitionIndex) throws(LoaderError) -> TypeID?? {
    var found: DefinitionIndex.Entry?
    let spec = TypeSpec(parsing: text)
    if let kind = spec.kind?.aggregate {
      found = index.definitions.first { $0.name == spec.name && $0.kind == kind }
      guard let entry = found else { return .some(nil) }
      return checked(entry) ? try load(entry.offset) : nil
    }
    found =
      index.definitions.first(where: { $0.name == text }) ?? index.typedefs[text]
      ?? index.baseTypes[Self.baseTypeSpellings[text] ?? text]
    guard let entry = found else { return .some(nil) }
    return checked(entry) ? try load(entry.offset) : nil
  }

  /// A pointer to `target` with the file's pointer width, added to the table.
  public func pointer(to target: TypeID?) -> TypeID {
    let id = table.freshID()
    table[id] = .pointer(target: target, byteSize: table.abi.pointerSize)
    return id
  }

  /// Common spellings of base types and the names gcc gives them in DWARF.
  static let baseTypeSpellings: [String: String] = [
    "unsigned long": "long unsigned int", "long": "long int", "unsigned": "unsigned int",
    "unsigned long long": "long long unsigned int", "long long": "long long int",
    "short": "short int", "unsigned short": "short unsigned int", "bool": "_Bool",
  ]
}

extension TypeLoader {
  /// What a user can give `-t`: every named struct, union and enum (with its kind)
  /// and typedef (kind nil), each once, sorted by name; only the cheap first pass over
  /// the units is paid for (shell completion uses it).
  public func definedTypes() throws(LoaderError) -> [TypeSpec] {
    Self.definedTypes(in: try definitionIndex())
  }

  /// The same, or nil when the file has no stored index and the pass that makes one is
  /// not done by `deadline` (shell completion: a TAB never waits long).
  public func definedTypes(
    finishingBy deadline: ContinuousClock.Instant
  ) throws(LoaderError) -> [TypeSpec]? {
    if let index = cachedIndex ?? storedIndex() { return Self.definedTypes(in: index) }
    if let stored = nameIndex() { return Self.userNames(stored.names).sorted(by: TypeSpec.byName) }
    // The pass a first `-t` makes: every name, no member read, stored for the next TAB.
    let found = try read { () throws(ElfDwarfError) in
      try file.typeNamePostings(workers: workers, keeping: [], finishingBy: deadline)
    }
    guard let found else { return nil }
    if let cache = indexCache, let key = TypeIndexKey(file) {
      cache.write(found.postings, for: key)
    }
    storedNames = nil
    return Self.userNames(found.postings.names.map { ($0.name, $0.kinds) }).sorted(
      by: TypeSpec.byName)
  }

  private static func definedTypes(in index: DefinitionIndex) -> [TypeSpec] {
    let aggregates = index.definitions.map {
      TypeSpec(kind: $0.kind == .union ? .union : .structure, name: $0.name)
    }
    let enums = index.enumerations.keys.map { TypeSpec(kind: .enumeration, name: $0) }
    let typedefs = index.typedefs.keys.map { TypeSpec(name: $0) }
    return (aggregates + enums + typedefs).sorted(by: TypeSpec.byName)
  }
}

extension TypeLoader {
  /// The named structs and unions the file's own sources define, in file order: those
  /// declared in their unit's directory or below (a module's `.c` files and local
  /// headers), not in the kernel's headers. Only the first pass and one line-table
  /// lookup per definition are paid for; nothing is loaded.
  public func ownDefinitions() throws(LoaderError) -> [TypeSpec] {
    try withIndex { index throws(LoaderError) -> [TypeSpec]? in
      var own: [TypeSpec] = []
      for entry in index.definitions {
        guard checked(entry) else { return nil }
        let site = try read { () throws(ElfDwarfError) in
          try file.declarationSite(of: entry.offset)
        }
        if site?.isInUnitDirectory == true {
          own.append(TypeSpec(kind: entry.kind == .union ? .union : .structure, name: entry.name))
        }
      }
      return own
    }
  }
}
