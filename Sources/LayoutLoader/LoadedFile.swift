import ElfDwarf
import LayoutModel
import System

/// A named struct or union defined in a file.
public struct NamedType: Hashable, Sendable {
  public var name: String
  public var kind: AggregateKind
  public var id: TypeID
}

/// What the loader made of a file: the types and the facts about the target.
public struct LoadedFile: Sendable {
  public var path: String
  /// `x86_64`, `aarch64`, `s390x`, …
  public var machine: String
  public var byteOrder: ByteOrder
  public var table: TypeTable
  /// Named struct and union definitions in file order: every distinct one for a whole
  /// file, the first (or all) of each name asked for.
  public var definitions: [NamedType]
  /// Where the types came from: `dwarf` or `btf`. With BTF, alignment and packing are
  /// inferred from member offsets (BTF records neither).
  public var source: TypeSource = .dwarf
  /// For names asked for: how many distinct definitions of that name the file has.
  public var definitionCounts: [String: Int] = [:]

  /// The loaded types, checked to be walkable (`TypeTable.walkProblem`: no cycle, no
  /// walk deeper than `TypeTable.maxWalkDepth`, so that every walker of the model may
  /// recurse), with the packing their holders show marked
  /// (`TypeTable.inferPackingFromPlacement`): facts of the table as a whole, so worked
  /// out here, once, for every type source. `walksChecked`: the loader checked this
  /// very table's walks already, beside other work (`BTFTypeLoader.loadInParallel`).
  init(
    path: String, machine: String, byteOrder: ByteOrder, table: consuming TypeTable,
    definitions: [NamedType], source: TypeSource, workers: Workers, walksChecked: Bool = false
  ) throws(LoaderError) {
    self.path = path
    self.machine = machine
    self.byteOrder = byteOrder
    self.source = source
    // Consumed, so that a table handed over alone is marked in place, not copied.
    self.table = consume table
    if !walksChecked { try Self.checkWalkable(self.table, path: path, source: source) }
    self.table.inferPackingFromPlacement(on: workers)
    self.definitions = definitions
  }

  /// Throws for a table with a type that walks reach again from itself or that nests
  /// too deep: checked once here, so that no walker has to.
  static func checkWalkable(
    _ table: TypeTable, path: String, source: TypeSource
  ) throws(LoaderError) {
    guard let problem = table.walkProblem() else { return }
    throw .unwalkableType(
      file: path, source: source, problem: problem, type: describe(problem.id, in: table))
  }

  /// `struct s1`, `typedef t3`: what the message can name a type by.
  private static func describe(_ id: TypeID, in table: TypeTable) -> String? {
    switch table[id] {
    case .aggregate(let a)?: return a.name.map { a.kind.rawValue + " " + $0 }
    case .typedef(let name, _)?: return "typedef " + name
    default: return nil
    }
  }

  /// The layout of a loaded aggregate.
  public func layout(of id: TypeID, cachelineSize: UInt64 = 64) -> StructLayout? {
    layout(
      of: id, cachelineSize: cachelineSize, facts: LayoutFacts(table: table),
      naming: TypeNaming(table: table))
  }

  /// The same with `facts` and `naming` of this file's table, shared by many layouts
  /// so each nested type is laid out and spelled once; without `naming`, no
  /// `definitionID`.
  public func layout(
    of id: TypeID, cachelineSize: UInt64, facts: LayoutFacts, naming: TypeNaming?
  ) -> StructLayout? {
    // Laid out where the table keeps it: a copy was counted (its box, name and
    // members) on objects the loading threads made.
    table.withAggregate(id) { a in
      var layout = facts.layout(a, cachelineSize: cachelineSize)
      if a.name != nil, let naming { layout.definitionID = DefinitionID.of(a, naming: naming) }
      return layout
    }
  }
}
