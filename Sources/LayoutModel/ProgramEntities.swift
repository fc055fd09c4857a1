/// A function with code in the file, as its callers see it: the declared prototype
/// (for an out-of-line copy of an inlined function, the abstract origin's), not what
/// the optimizer made of it.
public struct FunctionEntity: Hashable, Sendable, Codable {
  public var name: String
  /// nil for `void`.
  public var returns: TypeID?
  public var parameters: [TypeID]
  public var variadic: Bool
  /// `DW_AT_external`: callable from other objects.
  public var isExternal: Bool
  /// Where it was read from (its DIE), for its source line.
  public var origin: EntityOrigin?

  public init(
    name: String, returns: TypeID?, parameters: [TypeID], variadic: Bool, isExternal: Bool,
    origin: EntityOrigin? = nil
  ) {
    self.name = name
    self.returns = returns
    self.parameters = parameters
    self.variadic = variadic
    self.isExternal = isExternal
    self.origin = origin
  }
}

/// A variable with static storage: a global, a file `static`, or a function's `static`
/// (`function` set), or a data object no DWARF describes (a compiler-made table: no
/// `type`).
public struct VariableEntity: Hashable, Sendable, Codable {
  /// The C name (`opened`, not gcc's symbol `opened.0`); for an object without DWARF,
  /// its symbol's name.
  public var name: String
  /// The function a `static` inside a function belongs to.
  public var function: String?
  /// nil when no DWARF describes the object.
  public var type: TypeID?
  public var isExternal: Bool
  /// Its initial contents; nil when no symbol of the file holds it (a constant the
  /// compiler folded away, a declaration).
  public var contents: DataContents?
  /// Where it was read from (its DIE), for its source line.
  public var origin: EntityOrigin?

  public init(
    name: String, function: String? = nil, type: TypeID?, isExternal: Bool,
    contents: DataContents? = nil, origin: EntityOrigin? = nil
  ) {
    self.name = name
    self.function = function
    self.type = type
    self.isExternal = isExternal
    self.contents = contents
    self.origin = origin
  }

  /// How reports name it: `conn_open::opened` for a function's static, else the name.
  public var qualifiedName: String { function.map { "\($0)::\(name)" } ?? name }
}

/// One enumerator and its value. Enumerators share C's ordinary namespace, so the
/// name alone identifies one across two builds.
public struct EnumeratorEntity: Hashable, Sendable, Codable {
  public var name: String
  /// The enum's tag, nil for an anonymous enum.
  public var enumName: String?
  public var value: Int64
  /// The enum it belongs to (its DIE): enumerators of one enum are reported together,
  /// at the enum's source line.
  public var origin: EntityOrigin?

  public init(name: String, enumName: String?, value: Int64, origin: EntityOrigin? = nil) {
    self.name = name
    self.enumName = enumName
    self.value = value
    self.origin = origin
  }
}

/// Where an entity was read from, opaque to the model: for DWARF, the offset of its
/// DIE (a loaded type's `TypeID` is the same number), which the reading layer turns
/// into a source file and line for the findings that need one.
public struct EntityOrigin: RawRepresentable, Hashable, Sendable, Codable {
  public var rawValue: UInt64
  public init(rawValue: UInt64) { self.rawValue = rawValue }
}

/// Everything of one build whose shape code outside a livepatch depends on: named
/// structs and unions, variables with static storage and their initial contents,
/// functions and enumerators, over one `TypeTable`. For types, functions and
/// enumerators the first definition of each name wins (file order); variables are kept
/// in file order, repeated names included (they are paired by position).
public struct ProgramEntities: Sendable {
  public var table: TypeTable
  /// Named struct and union definitions by kind and name.
  public var aggregates: [TypeKey: TypeID]
  public var variables: [VariableEntity]
  public var functions: [String: FunctionEntity]
  public var enumerators: [String: EnumeratorEntity]
  /// The target stores multi-byte values most significant byte first (s390x).
  public var bigEndian: Bool

  public init(
    table: TypeTable, aggregates: [TypeKey: TypeID] = [:], variables: [VariableEntity] = [],
    functions: [String: FunctionEntity] = [:], enumerators: [String: EnumeratorEntity] = [:],
    bigEndian: Bool = false
  ) {
    self.table = table
    self.aggregates = aggregates
    self.variables = variables
    self.functions = functions
    self.enumerators = enumerators
    self.bigEndian = bigEndian
  }

  /// The first variable reports call `qualifiedName`.
  public func variable(named qualifiedName: String) -> VariableEntity? {
    variables.first { $0.qualifiedName == qualifiedName }
  }
}
