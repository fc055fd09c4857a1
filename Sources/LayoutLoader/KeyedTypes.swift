import BTF
import ElfDwarf
import LayoutModel

/// Types looked up by kind and name in one file (what `verify` asks of a target): the
/// definitions found of each struct and union, loaded, and each enum with its constants.
/// Names the file does not define are absent.
public struct KeyedTypes: Sendable {
  public var table: TypeTable
  /// Every distinct definition found of each struct and union, the first (in file
  /// order) first.
  public var aggregates: [TypeKey: [TypeID]]
  /// The first definition of each enum, with its constants.
  public var enumerations: [String: Enumeration]
  /// Whether every definition of each name was looked for (otherwise the first, and
  /// any others before it in the file).
  public var everyDefinition: Bool
}

extension TypeLoader {
  /// The definitions of `keys` (structs, unions, enums), from the type-index cache when
  /// it has the file's index, else from the cheap pass, which stops as soon as it has
  /// seen every name unless `every`. A name it saw as another kind costs one more
  /// pass over every unit, which only looks for those names, if `worthSearching` says
  /// so (a name the file's own BTF lacks, say, is not in its DWARF either).
  public func definitions(
    of keys: [TypeKey], every: Bool = false, worthSearching: (TypeKey) -> Bool = { _ in true }
  ) throws(LoaderError) -> KeyedTypes {
    var found = try foundEntries(of: keys, stopEarly: !every)
    let pending = keys.filter { found[$0] == nil && worthSearching($0) }
    // A full index (cached, or found for the cache) already answered for every name.
    if !every, cachedIndex == nil, !pending.isEmpty {
      found.merge(try foundEntries(of: pending, stopEarly: false)) { first, _ in first }
    }
    var aggregates: [TypeKey: [TypeID]] = [:]
    var enumerations: [String: Enumeration] = [:]
    for (key, entries) in found {
      if key.kind == .enumeration, let entry = entries.first {
        enumerations[key.name] = try enumeration(at: entry.offset)
      } else {
        aggregates[key] = try entries.map { entry throws(LoaderError) in try load(entry.offset) }
      }
    }
    return KeyedTypes(
      table: table, aggregates: aggregates, enumerations: enumerations, everyDefinition: every)
  }

  /// The index entries of each of `keys` the file defines (an enum's first, every
  /// aggregate definition the index holds), each checked when the index is only a hint.
  private func foundEntries(
    of keys: [TypeKey], stopEarly: Bool
  ) throws(LoaderError) -> [TypeKey: [DefinitionIndex.Entry]] {
    let names = Set(keys.map(\.name))
    let index = try definitionIndex(for: names, stopEarly: stopEarly)
    return try withIndex(index, names: names) { index -> [TypeKey: [DefinitionIndex.Entry]]? in
      var found: [TypeKey: [DefinitionIndex.Entry]] = [:]
      let byName = index.definitionsByName()
      for key in keys {
        var entries: [DefinitionIndex.Entry] = []
        if key.kind == .enumeration, let entry = index.enumerations[key.name] {
          entries = [entry]
        } else if let kind = key.kind.aggregate {
          entries = (byName[key.name] ?? []).filter { $0.kind == kind }
        }
        guard entries.allSatisfy(checked) else { return nil }
        if !entries.isEmpty { found[key] = entries }
      }
      return found
    }
  }

  /// The prototype of the function whose code starts at `address` (a vmlinux symbol's
  /// value), from the one unit that covers it; nil when DWARF has none there.
  public func function(startingAt address: UInt64) throws(LoaderError) -> FunctionEntity? {
    let offset = try read { () throws(ElfDwarfError) in try file.subprogram(startingAt: address) }
    guard let offset else { return nil }
    let die = try read { () throws(ElfDwarfError) in try file.die(at: offset) }
    return try prototype(of: die)
  }
}

extension BTFTypeLoader {
  /// Whether the file has a type of `key`'s kind and name.
  public func has(_ key: TypeKey) -> Bool {
    switch key.kind {
    case .structure, .class: btf.find(key.name, kind: .structure) != nil
    case .union: btf.find(key.name, kind: .union) != nil
    case .enumeration:
      btf.find(key.name, kind: .enumeration) != nil
        || btf.find(key.name, kind: .enumeration64) != nil
    case .typedef: btf.find(key.name, kind: .typedef) != nil
    }
  }

  /// The definitions of `keys`: every struct or union of each kind and name (one pass
  /// over the ids), each enum through libbpf's lookup.
  public func definitions(of keys: [TypeKey]) -> KeyedTypes {
    var wanted: [String: [TypeKey]] = [:]
    for key in keys where key.kind.aggregate != nil { wanted[key.name, default: []].append(key) }
    var ids: [TypeKey: [UInt32]] = [:]
    if !wanted.isEmpty {
      for id in btf.firstID..<btf.typeCount {
        guard let kind = btf.kind(id), kind == .structure || kind == .union,
          let name = btf.name(id), let keys = wanted[name]
        else { continue }
        let key = TypeKey(name: name, kind: kind == .union ? .union : .structure)
        if keys.contains(key) { ids[key, default: []].append(id) }
      }
    }
    var aggregates: [TypeKey: [TypeID]] = [:]
    for (key, list) in ids { aggregates[key] = list.compactMap { load($0) } }
    var enumerations: [String: Enumeration] = [:]
    for key in keys where key.kind == .enumeration {
      enumerations[key.name] = enumeration(named: key.name)
    }
    return KeyedTypes(
      table: table, aggregates: aggregates, enumerations: enumerations, everyDefinition: true)
  }

  /// The `FUNC`s among `names`, each with the distinct prototypes of its `FUNC_PROTO`s
  /// (BTF keeps one `FUNC` per name and prototype, not one per symbol).
  public func functions(named names: Set<String>) -> [String: [FunctionEntity]] {
    var result: [String: [FunctionEntity]] = [:]
    guard !names.isEmpty else { return result }
    for id in btf.firstID..<btf.typeCount where btf.kind(id) == .function {
      guard let name = btf.name(id), names.contains(name), let f = btf.type(id),
        let proto = load(f.target),
        case .function(let returns, let parameters, let variadic)? =
          table[proto]
      else { continue }
      let entity = FunctionEntity(
        name: name, returns: returns, parameters: parameters, variadic: variadic,
        isExternal: true)
      if !(result[name] ?? []).contains(entity) { result[name, default: []].append(entity) }
    }
    return result
  }
}
