import Foundation
import ElfDwarf
import LayoutModel

extension TypeLoader {
  /// Finds every named struct and union definition in the file (each distinct
  /// definition once, in file order, as pahole prints them) and loads them. Declarations whose definition is in
  /// another unit are replaced by it, so reduced debug info shows real sizes.
  public func loadAllNamed() throws(LoaderError) -> LoadedFile { try allNamed(taking: false) }

  public func takeAllNamed() throws(LoaderError) -> LoadedFile { try allNamed(taking: true) }

  private func allNamed(taking: Bool) throws(LoaderError) -> LoadedFile {
    let index = try definitionIndex()
    var named: [NamedType] = []
    for entry in index.definitions {
      named.append(NamedType(name: entry.name, kind: entry.kind, id: try load(entry.offset)))
    }
    resolveDeclarations(using: index)
    return loadedFile(named, taking: taking)
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
    // One pass over every unit that keeps only these names: every definition of each is
    // found (and counted), and only they pay for a shape hash, so `-t NAME` on a vmlinux
    // stays a cheap first pass rather than a whole index.
    var index = try definitionIndex(stoppingAfter: Set(specs.map(\.name)), stopEarly: false)
    var named: [NamedType] = []
    var picks: [TypePick] = []
    var counts: [String: Int] = [:]
    for spec in specs {
      var found = index.entry(for: spec)
      // The early-stopping index holds the first DIE of each name; one of another kind
      // may come later in the file.
      if found == nil {
        index = try definitionIndex()
        found = index.entry(for: spec)
      }
      switch found {
      case nil:
        throw .typeNotFound(
          file: file.path, name: spec.description, suggestion: try suggestion(for: spec.name))
      case .aggregate(let entry)?:
        let all = index.definitions.filter { $0.name == spec.name && $0.kind == entry.kind }
        counts[spec.name] = max(all.count, 1)
        for e in allDefinitions && all.count > 1 ? all : [entry] {
          let type = NamedType(name: spec.name, kind: e.kind, id: try load(e.offset))
          named.append(type)
          picks.append(.aggregate(type))
        }
      case .enumeration(let offset)?:
        picks.append(.enumeration(try enumeration(at: offset)))
      }
    }
    // The early-stopping index may end before a declaration's definition: only then
    // pay for the whole file.
    resolveDeclarations(using: hasDeclarations ? try definitionIndex() : index)
    var loaded = loadedFile(named)
    loaded.definitionCounts = counts
    return (loaded, picks)
  }

  private func loadedFile(_ named: [NamedType], taking: Bool = false) -> LoadedFile {
    let types = table
    if taking { table = TypeTable(abi: table.abi) }
    return LoadedFile(
      path: file.path, machine: file.header.machineName, byteOrder: file.header.byteOrder,
      table: consume types, definitions: named, workers: workers)
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

  /// Points every loaded declaration at a definition of the same kind and name.
  private func resolveDeclarations(using index: DefinitionIndex) {
    let byName = Dictionary(index.definitions.map { ($0.kind.rawValue + " " + $0.name, $0) }) {
      first, _ in first
    }
    for (id, type) in table.types {
      guard case .aggregate(let a) = type, a.isDeclaration, let name = a.name,
        let entry = byName[a.kind.rawValue + " " + name],
        let definitionID = try? load(entry.offset), definitionID != id
      else { continue }
      table[id] = table[definitionID]
    }
  }

  struct DefinitionIndex {
    struct Entry {
      var name: String
      var kind: AggregateKind
      var offset: DIEOffset
      /// `DIESummary.shape`: same-named entries with different shapes are distinct.
      var shape: UInt64 = 0
    }
    var definitions: [Entry] = []
    var typedefs: [String: DIEOffset] = [:]
    var baseTypes: [String: DIEOffset] = [:]
    var enumerations: [String: DIEOffset] = [:]

    enum Found {
      case aggregate(Entry)
      case enumeration(DIEOffset)
    }

    /// Where the type a user named is defined, by the rules of `loadSelected`.
    func entry(for spec: TypeSpec) -> Found? {
      switch spec.kind {
      case .structure?:
        return definitions.first { $0.name == spec.name && $0.kind != .union }.map(Found.aggregate)
      case .class?:
        return definitions.first { $0.name == spec.name && $0.kind == .class }.map(Found.aggregate)
      case .union?:
        return definitions.first { $0.name == spec.name && $0.kind == .union }.map(Found.aggregate)
      case .enumeration?:
        return enumerations[spec.name].map(Found.enumeration)
      case nil, .typedef?:
        if let e = definitions.first(where: { $0.name == spec.name }) ?? typedefTarget(spec.name) {
          return .aggregate(e)
        }
        return enumerations[spec.name].map(Found.enumeration)
      }
    }

    /// A typedef name resolves to the aggregate it names.
    func typedefTarget(_ name: String) -> Entry? {
      guard let offset = typedefs[name] else { return nil }
      return Entry(name: name, kind: .structure, offset: offset)
    }
  }

  /// The cheap pass: the top-level type definitions of every unit, names only, in
  /// parallel. With `names`, it stops once they are all found (in file order).
  func definitionIndex(
    stoppingAfter names: Set<String>? = nil, stopEarly: Bool = true
  ) throws(LoaderError) -> DefinitionIndex {
    if let cachedIndex { return cachedIndex }
    let entries = try read { () throws(ElfDwarfError) in
      try file.typeDefinitions(workers: workers, stopAfterFinding: names, stopEarly: stopEarly)
    }
    var index = DefinitionIndex()
    // Every unit repeats the definitions of its headers: keep one per distinct shape.
    var seen = Set<String>()
    for entry in entries {
      guard let name = entry.name else { continue }
      switch entry.tag {
      case .structureType, .unionType, .classType:
        let kind: AggregateKind =
          entry.tag == .unionType ? .union : entry.tag == .classType ? .class : .structure
        if seen.insert(kind.rawValue + " " + name + " " + String(entry.shape)).inserted {
          index.definitions.append(
            .init(name: name, kind: kind, offset: entry.offset, shape: entry.shape))
        }
      case .typedef:
        if index.typedefs[name] == nil { index.typedefs[name] = entry.offset }
      case .baseType:
        if index.baseTypes[name] == nil { index.baseTypes[name] = entry.offset }
      case .enumerationType:
        if index.enumerations[name] == nil { index.enumerations[name] = entry.offset }
      default: continue
      }
    }
    if names == nil { cachedIndex = index }
    return index
  }
}

extension TypeLoader {
  /// The defined type name closest to a misspelled one (the whole index is read:
  /// only on the way to an error).
  public func suggestion(for name: String) throws(LoaderError) -> String? {
    let index = try definitionIndex()
    return Suggestions.closest(
      to: name, in: index.definitions.map(\.name) + index.typedefs.keys + index.enumerations.keys)
  }
}

extension TypeLoader {
  /// Loads those of `names` that the file defines (struct, union or typedef), silently
  /// skipping the others: for callers that probe for optional types.
  ///
  /// Unless the whole index is built already, only these names are looked for: the
  /// cheap pass stops once it has seen them all, and names it did not see cost one
  /// more pass that keeps only them (a vmlinux asked for the klp structs is not indexed
  /// whole: seconds, for a debug vmlinux).
  public func loadNamedIfPresent(_ names: [String]) throws(LoaderError) -> LoadedFile {
    var indexes: [DefinitionIndex] = []
    if let cachedIndex {
      indexes = [cachedIndex]
    } else {
      indexes = [try definitionIndex(stoppingAfter: Set(names))]
    }
    let first = { (index: DefinitionIndex, name: String) in
      index.definitions.first(where: { $0.name == name }) ?? index.typedefTarget(name)
    }
    let unseen = names.filter { first(indexes[0], $0) == nil }
    if cachedIndex == nil && !unseen.isEmpty {
      indexes.append(try definitionIndex(stoppingAfter: Set(unseen), stopEarly: false))
    }
    var named: [NamedType] = []
    for name in names {
      guard let entry = indexes.lazy.compactMap({ first($0, name) }).first else { continue }
      named.append(NamedType(name: name, kind: entry.kind, id: try load(entry.offset)))
    }
    // A partial index may end before a declaration's definition: only then pay for all.
    resolveDeclarations(using: hasDeclarations ? try definitionIndex() : indexes[0])
    return loadedFile(named)
  }
}

extension TypeLoader {
  /// Resolves a C type spelling the user typed (`struct list_head`, `list_head`,
  /// `unsigned long`, `long unsigned int`, `struct klp_func *`) to a loaded type,
  /// synthesizing pointer types as needed. nil when the file defines no such type.
  public func resolveSpelling(_ spelling: String) throws(LoaderError) -> TypeID? {
    var text = spelling.trimmingCharacters(in: .whitespaces)
    if text.hasSuffix("*") {
      text.removeLast()
      guard let target = try resolveSpelling(text) else { return nil }
      return pointer(to: target)
    }
    let index = try definitionIndex()
    let spec = TypeSpec(parsing: text)
    if let kind = spec.kind?.aggregate {
      return try index.definitions.first { $0.name == spec.name && $0.kind == kind }.map {
        e throws(LoaderError) in try load(e.offset)
      }
    }
    if let entry = index.definitions.first(where: { $0.name == text }) {
      return try load(entry.offset)
    }
    if let offset = index.typedefs[text] { return try load(offset) }
    let canonical = Self.baseTypeSpellings[text] ?? text
    if let offset = index.baseTypes[canonical] { return try load(offset) }
    return nil
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
    let index = try definitionIndex()
    let aggregates = index.definitions.map {
      TypeSpec(kind: $0.kind == .union ? .union : .structure, name: $0.name)
    }
    let enums = index.enumerations.keys.map { TypeSpec(kind: .enumeration, name: $0) }
    let typedefs = index.typedefs.keys.map { TypeSpec(name: $0) }
    return (aggregates + enums + typedefs).sorted {
      ($0.name, $0.description) < ($1.name, $1.description)
    }
  }
}

extension TypeLoader {
  /// The named structs and unions the file's own sources define, in file order: those
  /// declared in their unit's directory or below (a module's `.c` files and local
  /// headers), not in the kernel's headers. Only the first pass and one line-table
  /// lookup per definition are paid for; nothing is loaded.
  public func ownDefinitions() throws(LoaderError) -> [TypeSpec] {
    var own: [TypeSpec] = []
    for entry in try definitionIndex().definitions {
      let site = try read { () throws(ElfDwarfError) in try file.declarationSite(of: entry.offset) }
      if site?.isInUnitDirectory == true {
        own.append(TypeSpec(kind: entry.kind == .union ? .union : .structure, name: entry.name))
      }
    }
    return own
  }
}
