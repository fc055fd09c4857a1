import ElfDwarf
import LayoutModel

extension TypeLoader {
  /// Every named struct and union, variable with static storage (with its initial
  /// contents), function and enumerator of the file: what `klp-layout safety` compares
  /// between two builds. One walk over the units' top-level entries finds the
  /// variables, functions (and the statics inside them) and enums; the contents come
  /// from the symbols, section bytes and relocations (`DataObjectReader`), never from a
  /// second pass over the DWARF.
  public func programEntities() throws(LoaderError) -> ProgramEntities {
    let loaded = try loadAllNamed()
    var aggregates: [TypeKey: TypeID] = [:]
    for named in loaded.definitions where aggregates[TypeKey(named.kind, named.name)] == nil {
      aggregates[TypeKey(named.kind, named.name)] = named.id
    }
    var walk = DwarfEntities()
    for unit in try read({ () throws(ElfDwarfError) in try file.unitOffsets() }) {
      for entry in try read({ () throws(ElfDwarfError) in try file.topLevelSummaries(of: unit) })
      where !entry.isDeclaration {
        switch entry.tag {
        case .variable:
          if let v = try fileScopeVariable(at: entry.offset) { walk.variables.append(v) }
        case .subprogram: try readSubprogram(at: entry.offset, into: &walk)
        case .enumerationType: walk.enumerators += try enumerators(of: entry)
        default: continue
        }
      }
    }
    var functions: [String: FunctionEntity] = [:]
    for f in walk.functions where functions[f.name] == nil { functions[f.name] = f }
    var enumerators: [String: EnumeratorEntity] = [:]
    for e in walk.enumerators where enumerators[e.name] == nil { enumerators[e.name] = e }
    return ProgramEntities(
      table: table, aggregates: aggregates, variables: try dataEntities(walk.variables),
      functions: functions, enumerators: enumerators, bigEndian: file.header.byteOrder == .big)
  }
}

/// What the walk over a file's DWARF found, in file order.
struct DwarfEntities {
  var variables: [DwarfVariable] = []
  var functions: [FunctionEntity] = []
  var enumerators: [EnumeratorEntity] = []
}

/// A variable with static storage as DWARF describes it.
struct DwarfVariable {
  var name: String
  /// The enclosing function of a `static` declared inside one.
  var function: String?
  var type: TypeID
  var isExternal: Bool
  var die: DIEOffset
  /// Where its storage is (its `DW_OP_addr` location); nil when it has none (a constant
  /// folded away, a value only in registers).
  var place: SectionOffset?

  var qualifiedName: String { function.map { "\($0)::\(name)" } ?? name }
}
