import ElfDwarf
import LayoutModel

extension TypeLoader {
  /// Every function with code at file scope, with its declared prototype loaded
  /// (pointer and aggregate parameter types shallow: callers see their names).
  ///
  /// Abstract instances of inlined functions (`DW_AT_inline`) have no code of their
  /// own and are skipped; an out-of-line copy names its abstract origin, whose
  /// parameters are the declared ones (the copy's own may be optimized away).
  public func functionsWithCode() throws(LoaderError) -> [FunctionEntity] {
    var result: [FunctionEntity] = []
    for unit in try read({ () throws(ElfDwarfError) in try file.unitOffsets() }) {
      for entry in try read({ () throws(ElfDwarfError) in try file.topLevelSummaries(of: unit) })
      where entry.tag == .subprogram && !entry.isDeclaration {
        let die = try read { () throws(ElfDwarfError) in try file.die(at: entry.offset) }
        if die[.inlineAttribute] != nil { continue }
        if let function = try prototype(of: die) { result.append(function) }
      }
    }
    return result
  }

  /// The prototype of a subprogram, following `DW_AT_abstract_origin` and
  /// `DW_AT_specification` (a bounded number of times) to the declaring entry.
  func prototype(of die: DIE) throws(LoaderError) -> FunctionEntity? {
    var declaring = die
    var external = die.flag(.external)
    for _ in 0..<8 {
      guard let next = declaring.reference(.abstractOrigin) ?? declaring.reference(.specification)
      else { break }
      declaring = try read { () throws(ElfDwarfError) in try file.die(at: next) }
      external = external || declaring.flag(.external)
    }
    guard let name = die.name ?? declaring.name else { return nil }
    let returns = try target(of: declaring, depth: 0, shallow: true)
    var parameters: [TypeID] = []
    var variadic = false
    if declaring.hasChildren {
      for child in try read({ () throws(ElfDwarfError) in try file.children(of: declaring.offset) })
      {
        if child.tag == .unspecifiedParameters { variadic = true }
        guard child.tag == .formalParameter else { continue }
        guard let type = try target(of: child, depth: 0, shallow: true) else {
          throw .badEntry(
            file: file.path, offset: child.offset,
            reason: "DW_TAG_formal_parameter has no DW_AT_type")
        }
        parameters.append(type)
      }
    }
    return FunctionEntity(
      name: name, returns: returns, parameters: parameters, variadic: variadic, isExternal: external
    )
  }
}
