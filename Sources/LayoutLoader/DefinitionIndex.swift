import ElfDwarf
import LayoutModel

/// Where a file's named types are defined: what the first pass over its units finds and
/// what the type-index cache stores. Each distinct struct, union and class definition
/// once, in file order (distinct by shape: a kernel has several `struct irq_info`), and
/// the first typedef, base type and enum of each name.
struct DefinitionIndex: Equatable {
  /// One definition: its name and tag, where it is, and (for an aggregate) its shape.
  struct Entry: Equatable {
    var name: String
    var tag: DwarfTag
    var offset: DIEOffset
    /// The unit DIE it belongs to.
    var unit: DIEOffset
    /// `DIESummary.shape`: same-named entries with different shapes are distinct.
    var shape: UInt64 = 0

    /// The aggregate kind of a struct, union or class (a typedef names a struct here:
    /// loading it resolves to what it names).
    var kind: AggregateKind {
      tag == .unionType ? .union : tag == .classType ? .class : .structure
    }

    var isAggregate: Bool { Self.aggregateTags.contains(tag) }
    static let aggregateTags: Set<DwarfTag> = [.structureType, .unionType, .classType]
  }

  var definitions: [Entry] = []
  var typedefs: [String: Entry] = [:]
  var baseTypes: [String: Entry] = [:]
  var enumerations: [String: Entry] = [:]

  enum Found {
    case aggregate(Entry)
    case enumeration(Entry)
  }

  init() {}

  /// The index of what a pass found, in file order: repeats of a definition (every unit
  /// repeats its headers' types) and declarations left out.
  init(_ summaries: [DIESummary]) {
    var seen = Set<DistinctKey>()
    for s in summaries {
      guard let name = s.name, !s.isDeclaration else { continue }
      let entry = Entry(name: name, tag: s.tag, offset: s.offset, unit: s.unit, shape: s.shape)
      add(entry, seen: &seen)
    }
  }

  struct DistinctKey: Hashable {
    var tag: DwarfTag
    var name: String
    var shape: UInt64
  }

  mutating func add(_ entry: Entry, seen: inout Set<DistinctKey>) {
    switch entry.tag {
    case .structureType, .unionType, .classType:
      let key = DistinctKey(tag: entry.tag, name: entry.name, shape: entry.shape)
      if seen.insert(key).inserted { definitions.append(entry) }
    case .typedef:
      if typedefs[entry.name] == nil { typedefs[entry.name] = entry }
    case .baseType:
      if baseTypes[entry.name] == nil { baseTypes[entry.name] = entry }
    case .enumerationType:
      if enumerations[entry.name] == nil { enumerations[entry.name] = entry }
    default: break
    }
  }

  /// Every entry: the definitions in file order, then the others by offset (a stable
  /// order, so the same file always stores the same bytes).
  var allEntries: [Entry] {
    let others = Array(typedefs.values) + Array(baseTypes.values) + Array(enumerations.values)
    return definitions + others.sorted { $0.offset < $1.offset }
  }

  /// The definitions grouped by name, in file order: made once per request, so that a
  /// request naming every type a module defines (a scan's audit: 20,000 names) looks
  /// each up at once instead of searching the whole list for each.
  func definitionsByName() -> [String: [Entry]] { Dictionary(grouping: definitions, by: \.name) }

  /// Where the type a user named is defined, by the rules of `loadSelected`; `byName`
  /// is `definitionsByName()`.
  func entry(for spec: TypeSpec, byName: [String: [Entry]]) -> Found? {
    let named = byName[spec.name] ?? []
    switch spec.kind {
    case .structure?:
      return named.first { $0.kind != .union }.map(Found.aggregate)
    case .class?:
      return named.first { $0.kind == .class }.map(Found.aggregate)
    case .union?:
      return named.first { $0.kind == .union }.map(Found.aggregate)
    case .enumeration?:
      return enumerations[spec.name].map(Found.enumeration)
    case nil, .typedef?:
      if let e = named.first ?? typedefs[spec.name] { return .aggregate(e) }
      return enumerations[spec.name].map(Found.enumeration)
    }
  }

  /// Whether `name` is defined here, as any kind.
  func defines(_ name: String) -> Bool {
    definitions.contains { $0.name == name } || typedefs[name] != nil
      || enumerations[name] != nil || baseTypes[name] != nil
  }

  /// Every name a user can give `-t`, for "did you mean".
  var names: [String] { definitions.map(\.name) + typedefs.keys + enumerations.keys }
}

extension TypeSpec {
  /// By name, then by how it is spelled (`enum x`, `struct x`, `x`): the spelling is
  /// built only for the few names two kinds share (shell completion sorts 25,000).
  static func byName(_ a: TypeSpec, _ b: TypeSpec) -> Bool {
    a.name != b.name ? a.name < b.name : a.description < b.description
  }
}
