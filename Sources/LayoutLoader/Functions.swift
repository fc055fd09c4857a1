import ElfDwarf
import LayoutModel

extension TypeLoader {
  /// Statics nested deeper than this in blocks are not looked for.
  static let maxBlockDepth = 32

  /// A subprogram at file scope: the function (when it has code of its own) and every
  /// `static` declared inside it, in its body or its nested blocks.
  ///
  /// Abstract instances of inlined functions (`DW_AT_inline`) have no code of their
  /// own, but may hold the statics of an inline function; an out-of-line copy names its
  /// abstract origin, whose parameters are the declared ones (the copy's own may be
  /// optimized away).
  func readSubprogram(at offset: DIEOffset, into walk: inout DwarfEntities) throws(LoaderError) {
    let die = try read { () throws(ElfDwarfError) in try file.die(at: offset) }
    let (declaring, external) = try declaringEntry(of: die)
    guard let name = die.name ?? declaring.name else { return }
    if die[.inlineAttribute] == nil {
      walk.functions.append(try prototype(of: declaring, named: name, external: external, die: die))
    }
    if die.hasChildren {
      try collectStatics(under: die.offset, function: name, depth: 0, into: &walk.variables)
    }
  }

  /// Every function with code at file scope, with its declared prototype (what
  /// `verify` asks of a target's DWARF).
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

  /// The prototype of a subprogram as its declaring entry gives it; nil when neither
  /// names it.
  func prototype(of die: DIE) throws(LoaderError) -> FunctionEntity? {
    let (declaring, external) = try declaringEntry(of: die)
    guard let name = die.name ?? declaring.name else { return nil }
    return try prototype(of: declaring, named: name, external: external, die: die)
  }

  /// The entry that declares a subprogram, following `DW_AT_abstract_origin` and
  /// `DW_AT_specification` (a bounded number of times), and whether any is external.
  private func declaringEntry(of die: DIE) throws(LoaderError) -> (DIE, Bool) {
    var declaring = die
    var external = die.flag(.external)
    for _ in 0..<8 {
      guard let next = declaring.reference(.abstractOrigin) ?? declaring.reference(.specification)
      else { break }
      declaring = try read { () throws(ElfDwarfError) in try file.die(at: next) }
      external = external || declaring.flag(.external)
    }
    return (declaring, external)
  }

  /// The prototype of a subprogram as its declaring entry gives it (pointer and
  /// aggregate parameter types shallow: callers see their names).
  private func prototype(
    of declaring: DIE, named name: String, external: Bool, die: DIE
  ) throws(LoaderError) -> FunctionEntity {
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
      name: name, returns: returns, parameters: parameters, variadic: variadic,
      isExternal: external, origin: EntityOrigin(rawValue: die.offset.rawValue))
  }

  /// The statics (variables with a `DW_OP_addr` location) among the children of a
  /// subprogram or block, and in the blocks nested in it.
  private func collectStatics(
    under parent: DIEOffset, function: String, depth: Int, into result: inout [DwarfVariable]
  ) throws(LoaderError) {
    for child in try read({ () throws(ElfDwarfError) in try file.children(of: parent) }) {
      if child.tag == .lexicalBlock, child.hasChildren, depth < Self.maxBlockDepth {
        try collectStatics(under: child.offset, function: function, depth: depth + 1, into: &result)
      } else if child.tag == .variable, !child.flag(.declaration), try place(of: child) != nil,
        var variable = try staticVariable(child)
      {
        variable.function = function
        result.append(variable)
      }
    }
  }
}
