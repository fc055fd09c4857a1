import ElfDwarf
import LayoutModel

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
  /// Named struct and union definitions: the first of each (kind, name), in file order.
  public var definitions: [NamedType]
  /// Where the types came from: `dwarf` or `btf`. With BTF, alignment and packing are
  /// inferred from member offsets (BTF records neither).
  public var source: TypeSource = .dwarf

  /// The layout of a loaded aggregate.
  public func layout(of id: TypeID, cachelineSize: UInt64 = 64) -> StructLayout? {
    guard let a = table.aggregate(id) else { return nil }
    return StructLayout(a, table: table, cachelineSize: cachelineSize)
  }
}
