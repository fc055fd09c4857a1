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

  public init(
    name: String, returns: TypeID?, parameters: [TypeID], variadic: Bool, isExternal: Bool
  ) {
    self.name = name
    self.returns = returns
    self.parameters = parameters
    self.variadic = variadic
    self.isExternal = isExternal
  }
}

/// A variable defined at file scope (a global or a `static`).
public struct VariableEntity: Hashable, Sendable, Codable {
  public var name: String
  public var type: TypeID
  public var isExternal: Bool

  public init(name: String, type: TypeID, isExternal: Bool) {
    self.name = name
    self.type = type
    self.isExternal = isExternal
  }
}

/// One enumerator and its value. Enumerators share C's ordinary namespace, so the
/// name alone identifies one across two builds.
public struct EnumeratorEntity: Hashable, Sendable, Codable {
  public var name: String
  /// The enum's tag, nil for an anonymous enum.
  public var enumName: String?
  public var value: Int64

  public init(name: String, enumName: String?, value: Int64) {
    self.name = name
    self.enumName = enumName
    self.value = value
  }
}

/// Everything of one build whose shape code outside a livepatch depends on: named
/// structs and unions, file-scope variables, functions and enumerators, over one
/// `TypeTable`. The first definition of each name wins (file order).
public struct ProgramEntities: Sendable {
  public var table: TypeTable
  /// Named struct and union definitions by kind and name.
  public var aggregates: [TypeKey: TypeID]
  public var variables: [String: VariableEntity]
  public var functions: [String: FunctionEntity]
  public var enumerators: [String: EnumeratorEntity]

  public init(
    table: TypeTable, aggregates: [TypeKey: TypeID] = [:],
    variables: [String: VariableEntity] = [:],
    functions: [String: FunctionEntity] = [:], enumerators: [String: EnumeratorEntity] = [:]
  ) {
    self.table = table
    self.aggregates = aggregates
    self.variables = variables
    self.functions = functions
    self.enumerators = enumerators
  }
}
