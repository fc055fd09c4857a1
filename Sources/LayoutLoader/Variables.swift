import ElfDwarf
import LayoutModel

/// A variable defined at file scope, as DWARF describes it.
public struct FileScopeVariable: Hashable, Sendable {
  public var name: String
  public var type: TypeID
  /// The defining DIE (names can repeat across units, so this is the identity).
  public var die: DIEOffset
  /// `DW_AT_external`: a global symbol rather than a `static` one.
  public var isExternal: Bool
}

extension TypeLoader {
  /// Every file-scope variable definition whose type satisfies `wanted`, with its type
  /// loaded. `DW_AT_specification` is followed for the name, type and linkage of
  /// definitions that complete an earlier declaration. `shallow` loads named aggregates
  /// without their members, for callers that need only the type's name.
  public func fileScopeVariables(
    shallow: Bool = false, where wanted: (TypeID, TypeTable) -> Bool
  ) throws(LoaderError) -> [FileScopeVariable] {
    var result: [FileScopeVariable] = []
    for unit in try read({ () throws(ElfDwarfError) in try file.unitOffsets() }) {
      for entry in try read({ () throws(ElfDwarfError) in try file.topLevelSummaries(of: unit) })
      where entry.tag == .variable && !entry.isDeclaration {
        let die = try read { () throws(ElfDwarfError) in try file.die(at: entry.offset) }
        var facts = die
        if let declaration = die.reference(.specification) {
          facts = try read { () throws(ElfDwarfError) in try file.die(at: declaration) }
        }
        guard let name = die.name ?? facts.name,
          let typeOffset = die.reference(.type) ?? facts.reference(.type)
        else { continue }
        let type = try load(typeOffset, depth: 0, shallow: shallow)
        guard wanted(type, table) else { continue }
        result.append(
          FileScopeVariable(
            name: name, type: type, die: die.offset,
            isExternal: die.flag(.external) || facts.flag(.external)))
      }
    }
    return result
  }
}

extension TypeLoader {
  /// Elements of file-scope variables per struct or union name (an array of 2 counts
  /// 2): how many instances a layout change is multiplied by.
  public func instancesByStruct() throws(LoaderError) -> [String: UInt64] {
    var result: [String: UInt64] = [:]
    // Names are all that counting needs: a module's variables of `struct module` and
    // the like would otherwise pull in the kernel's whole type graph.
    for variable in try fileScopeVariables(
      shallow: true, where: { id, table in table.elementShape(of: id) != nil })
    {
      guard let (name, count) = table.elementShape(of: variable.type) else { continue }
      result[name, default: 0] &+= count ?? 0
    }
    return result
  }
}
