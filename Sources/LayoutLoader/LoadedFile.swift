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

  /// The loaded types, with the packing their holders show marked
  /// (`TypeTable.inferPackingFromPlacement`): a fact of the table as a whole, so worked
  /// out here, once, for every type source.
  init(
    path: String, machine: String, byteOrder: ByteOrder, table: consuming TypeTable,
    definitions: [NamedType], workers: Workers
  ) {
    self.path = path
    self.machine = machine
    self.byteOrder = byteOrder
    // Consumed, so that a table handed over alone is marked in place, not copied.
    self.table = consume table
    self.table.inferPackingFromPlacement(on: workers)
    self.definitions = definitions
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
    guard let a = table.aggregate(id) else { return nil }
    var layout = facts.layout(a, cachelineSize: cachelineSize)
    if a.name != nil, let naming { layout.definitionID = DefinitionID.of(a, naming: naming) }
    return layout
  }
}
