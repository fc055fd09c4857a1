import LayoutModel

/// `layout`: the layouts of the types asked for (docs/json.md). Keys never change
/// meaning within a schema version; new keys may be added.
///
/// Besides what it encodes, the document carries the model values the pahole-style
/// text is drawn from (`layouts` and the `table` that names their member types), so a
/// renderer needs nothing else.
public struct LayoutDocument: Encodable, Sendable, Equatable {
  public var schemaVersion = reportSchemaVersion
  public var file: String
  /// The path's exact bytes in hex when they are not UTF-8 (`file` then has U+FFFD for
  /// each byte that is not); absent for a UTF-8 path.
  public var pathBytes: String?
  /// The separate debug file the DWARF came from, when not `file`.
  public var debugFile: String?
  public var machine: String
  public var cachelineSize: UInt64
  /// `dwarf` or `btf`: where the types were read from.
  public var typeSource: TypeSource
  /// The JSON entry of each layout, worked out when asked for (encoding): the text,
  /// SVG and HTML renderers never read them, and for a whole kernel they cost as much as
  /// the text.
  public var types: [TypeEntry] {
    let naming = TypeNaming(table: table)
    let facts = LayoutFacts(table: table)
    return layouts.map {
      Self.entry($0, table: table, fromBTF: typeSource == .btf, naming: naming, facts: facts)
    }
  }
  /// Enumerations asked for by name (`-t enum NAME`), with their constants; absent
  /// when none were.
  public var enumerations: [Enumeration]?
  /// The struct and union layouts among `items` (picked out when asked for: the text
  /// renderer reads `items`, and a whole kernel's list is ten thousand layouts).
  public var layouts: [StructLayout] { items.layouts }
  /// Everything shown, in the order asked for (the text prints structs and enums
  /// interleaved as pahole does).
  public var items: [LayoutItem] = []
  public var table: TypeTable
  /// Names asked for that have more than one distinct definition, and how many (for a
  /// note on stderr; not encoded: every definition printed carries its id).
  public var multipleDefinitions: [String: Int] = [:]

  enum CodingKeys: String, CodingKey {
    case schemaVersion, file, pathBytes, debugFile, machine, cachelineSize, typeSource, types,
      enumerations
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(schemaVersion, forKey: .schemaVersion)
    try c.encode(file, forKey: .file)
    try c.encodeIfPresent(pathBytes, forKey: .pathBytes)
    try c.encodeIfPresent(debugFile, forKey: .debugFile)
    try c.encode(machine, forKey: .machine)
    try c.encode(cachelineSize, forKey: .cachelineSize)
    try c.encode(typeSource, forKey: .typeSource)
    try c.encode(types, forKey: .types)
    try c.encodeIfPresent(enumerations, forKey: .enumerations)
  }

  public struct TypeEntry: Codable, Sendable, Hashable {
    /// Empty for an anonymous type.
    public var name: String
    /// `struct`, `union` or `class`.
    public var kind: TypeKind
    public var size: UInt64
    public var alignment: UInt64
    public var packed: Bool
    /// Anonymous aggregates appear with an empty name, followed by their own members
    /// at absolute offsets.
    public var members: [MemberPosition]
    public var holes: [HoleEntry]
    public var holeBytes: UInt64
    public var bitHoleBits: UInt64
    public var paddingBytes: UInt64
    public var bitPaddingBits: UInt64
    public var cachelines: UInt64
    /// Facts BTF does not record and that were inferred from member offsets, as pahole
    /// does: `alignment` (always, with BTF), `packed` when the type is found packed,
    /// `memberAlignment` when a member sits past its natural alignment. nil with DWARF.
    public var inferred: [String]?
    /// `DefinitionID` of this definition: names repeat (the kernel has several
    /// `struct irq_info`), this tells them apart and pairs them across builds.
    public var definition: String?
  }

  public struct HoleEntry: Codable, Sendable, Hashable {
    public var offset: UInt64
    public var size: UInt64
  }

  public init(
    file: String, debugFile: String?, machine: String, cachelineSize: UInt64,
    typeSource: TypeSource,
    layouts: [StructLayout],
    table: TypeTable
  ) {
    self.init(
      file: file, debugFile: debugFile, machine: machine, cachelineSize: cachelineSize,
      typeSource: typeSource,
      items: layouts.map { .aggregate($0) }, table: table)
  }

  public init(
    file: String, debugFile: String?, machine: String, cachelineSize: UInt64,
    typeSource: TypeSource,
    items: [LayoutItem],
    table: TypeTable
  ) {
    self.file = file
    self.debugFile = debugFile
    self.machine = machine
    self.cachelineSize = cachelineSize
    self.typeSource = typeSource
    let enumerations = items.enumerations
    self.enumerations = enumerations.isEmpty ? nil : enumerations
    self.items = items
    self.table = table
  }

  public static func entry(_ l: StructLayout, table: TypeTable, fromBTF: Bool = false) -> TypeEntry
  {
    entry(
      l, table: table, fromBTF: fromBTF, naming: TypeNaming(table: table),
      facts: LayoutFacts(table: table))
  }

  /// The same with `naming` and `facts` of `table` shared by every entry.
  static func entry(
    _ l: StructLayout, table: TypeTable, fromBTF: Bool, naming: TypeNaming, facts: LayoutFacts
  ) -> TypeEntry {
    var inferred: [String]?
    if fromBTF {
      inferred =
        ["alignment"] + (l.isPacked ? ["packed"] : [])
        + (l.forcedAlignmentCount > 0 ? ["memberAlignment"] : [])
    }
    return TypeEntry(
      name: l.name ?? "", kind: TypeKind(l.kind), size: l.size, alignment: l.alignment,
      packed: l.isPacked, members: members(l, base: 0, table: table, naming: naming, facts: facts),
      holes: l.holes.map { HoleEntry(offset: $0.offset, size: $0.size) }, holeBytes: l.holeBytes,
      bitHoleBits: l.bitHoleBits, paddingBytes: l.padding, bitPaddingBits: l.bitPadding,
      cachelines: l.cachelines, inferred: inferred, definition: l.definitionID)
  }

  static func members(
    _ l: StructLayout, base: UInt64, table: TypeTable, naming: TypeNaming, facts: LayoutFacts
  ) -> [MemberPosition] {
    var result: [MemberPosition] = []
    for m in l.members {
      result.append(MemberPosition(m, base: base, type: naming.name(of: m.type)))
      if m.name == nil, !m.isBitField, let nested = table.aggregate(m.type) {
        let inner = facts.layout(nested, cachelineSize: l.cachelineSize)
        result += members(
          inner, base: base + m.byteOffset, table: table, naming: naming, facts: facts)
      }
    }
    return result
  }
}
