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
  /// The definitions of `keys` (structs, unions, enums). The cheap first pass stops as
  /// soon as it has seen every name, unless `every`; names that pass did not find cost
  /// one more pass over every unit, which only looks for them, if `worthSearching`
  /// says so (a name the file's own BTF lacks, say, is not in its DWARF either).
  public func definitions(
    of keys: [TypeKey], every: Bool = false, worthSearching: (TypeKey) -> Bool = { _ in true }
  ) throws(LoaderError) -> KeyedTypes {
    var found: [TypeKey: [DefinitionIndex.Entry]] = [:]
    var enums: [String: DIEOffset] = [:]
    var pending = keys
    for early in every ? [false] : [true, false] where !pending.isEmpty {
      let index = try definitionIndex(
        stoppingAfter: Set(pending.map(\.name)), stopEarly: early)
      for key in pending {
        if key.kind == .enumeration {
          enums[key.name] = index.enumerations[key.name]
        } else if let kind = key.kind.aggregate {
          let entries = index.definitions.filter { $0.name == key.name && $0.kind == kind }
          if !entries.isEmpty { found[key] = entries }
        }
      }
      pending = pending.filter { found[$0] == nil && enums[$0.name] == nil && worthSearching($0) }
    }
    var aggregates: [TypeKey: [TypeID]] = [:]
    for (key, entries) in found {
      aggregates[key] = try entries.map { entry throws(LoaderError) in try load(entry.offset) }
    }
    var enumerations: [String: Enumeration] = [:]
    for (name, offset) in enums { enumerations[name] = try enumeration(at: offset) }
    return KeyedTypes(
      table: table, aggregates: aggregates, enumerations: enumerations, everyDefinition: every)
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
