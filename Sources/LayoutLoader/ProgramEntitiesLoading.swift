import ElfDwarf
import LayoutModel

extension TypeLoader {
  /// Every named struct and union, file-scope variable, function and enumerator of
  /// the file: what `klp-layout safety` compares between two builds.
  public func programEntities() throws(LoaderError) -> ProgramEntities {
    let loaded = try loadAllNamed()
    var aggregates: [TypeKey: TypeID] = [:]
    for named in loaded.definitions where aggregates[TypeKey(named.kind, named.name)] == nil {
      aggregates[TypeKey(named.kind, named.name)] = named.id
    }
    var variables: [String: VariableEntity] = [:]
    for v in try fileScopeVariables(where: { _, _ in true }) where variables[v.name] == nil {
      variables[v.name] = VariableEntity(name: v.name, type: v.type, isExternal: v.isExternal)
    }
    var functions: [String: FunctionEntity] = [:]
    for f in try functionsWithCode() where functions[f.name] == nil { functions[f.name] = f }
    var enumerators: [String: EnumeratorEntity] = [:]
    for e in try self.enumerators() where enumerators[e.name] == nil { enumerators[e.name] = e }
    return ProgramEntities(
      table: table, aggregates: aggregates, variables: variables, functions: functions,
      enumerators: enumerators)
  }
}
