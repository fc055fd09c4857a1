import LayoutModel

/// Builds small `ProgramEntities` by hand: a few base types, then structs whose
/// members are given as (name, type, byte offset).
struct Build {
  var table = TypeTable(abi: TargetABI(machine: "x86_64", pointerSize: 8))
  var entities: ProgramEntities {
    ProgramEntities(
      table: table, aggregates: aggregates, variables: variables, functions: functions,
      enumerators: enumerators, bigEndian: bigEndian)
  }
  var aggregates: [TypeKey: TypeID] = [:]
  var variables: [VariableEntity] = []
  var bigEndian = false
  var functions: [String: FunctionEntity] = [:]
  var enumerators: [String: EnumeratorEntity] = [:]

  mutating func add(_ type: CType) -> TypeID {
    let id = table.freshID()
    table[id] = type
    return id
  }

  /// A variable holding `bytes` (nil: in `.bss`) and pointers at offsets.
  @discardableResult
  mutating func variable(
    _ name: String, function: String? = nil, type: TypeID?, bytes: [UInt8]?, size: UInt64? = nil,
    references: [DataReference] = [], section: String = ".data"
  ) -> VariableEntity {
    let v = VariableEntity(
      name: name, function: function, type: type, isExternal: false,
      contents: DataContents(
        size: size ?? UInt64(bytes?.count ?? 0), bytes: bytes, references: references,
        section: section))
    variables.append(v)
    return v
  }

  mutating func int() -> TypeID { add(.base(name: "int", byteSize: 4, encoding: .signed)) }
  mutating func long() -> TypeID { add(.base(name: "long int", byteSize: 8, encoding: .signed)) }
  mutating func char() -> TypeID { add(.base(name: "char", byteSize: 1, encoding: .signed)) }
  mutating func unsigned() -> TypeID {
    add(.base(name: "unsigned int", byteSize: 4, encoding: .unsigned))
  }

  /// A named struct (or union) with members at byte offsets, or bit fields as (bit offset, width).
  @discardableResult
  mutating func aggregate(
    _ name: String?, size: UInt64, kind: AggregateKind = .structure,
    _ members: [(String?, TypeID, UInt64)],
    bitFields: [(String, TypeID, UInt64, UInt64)] = []
  ) -> TypeID {
    var list = members.map { Member(name: $0.0, type: $0.1, bitOffset: $0.2 * 8) }
    list += bitFields.map { Member(name: $0.0, type: $0.1, bitOffset: $0.2, bitFieldSize: $0.3) }
    list.sort { $0.bitOffset < $1.bitOffset }
    let id = add(.aggregate(AggregateType(kind: kind, name: name, byteSize: size, members: list)))
    if let name { aggregates[TypeKey(kind, name)] = id }
    return id
  }
}
