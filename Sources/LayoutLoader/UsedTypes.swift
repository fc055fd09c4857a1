import ElfDwarf
import LayoutModel

/// The named structs, unions and enums a module's code uses, from its DWARF.
public struct UsedTypes: Sendable {
  /// Sorted by name, then kind.
  public var keys: [TypeKey]
  /// Each struct and union, loaded in full in `table`.
  public var aggregates: [TypeKey: TypeID]
  /// Each enum with its constants.
  public var enumerations: [String: Enumeration]
  /// Those declared in the module's own sources (its unit's directory or below), not in
  /// the kernel's headers.
  public var own: Set<TypeKey>
  public var table: TypeTable
}

extension TypeLoader {
  /// What the module's code uses: the types of every function's return value,
  /// parameters and local variables (of the functions it calls, too), and of its
  /// variables at file scope, seen through pointers, typedefs, qualifiers and arrays;
  /// then, for each struct and union, its members' types by value. A member reached
  /// only through a pointer is not followed: the code may never dereference it, and
  /// following pointers reaches the whole kernel.
  public func typesUsedByCode() throws(LoaderError) -> UsedTypes {
    var roots: [TypeID] = []
    for unit in try read({ () throws(ElfDwarfError) in try file.unitOffsets() }) {
      for entry in try read({ () throws(ElfDwarfError) in try file.topLevelSummaries(of: unit) })
      where entry.tag == .subprogram || entry.tag == .variable {
        let die = try read { () throws(ElfDwarfError) in try file.die(at: entry.offset) }
        try collectRoots(die, into: &roots, depth: 0)
      }
    }
    var walk = UsedTypeWalk()
    for root in roots { try walk.visit(root, throughPointers: true, depth: 0, self) }
    var enumerations: [String: Enumeration] = [:]
    for (name, id) in walk.enums {
      enumerations[name] = try enumeration(at: DIEOffset(id.rawValue))
    }
    var own = Set<TypeKey>()
    let enumKeys = walk.enums.map { (TypeKey(name: $0.key, kind: .enumeration), $0.value) }
    for (key, id) in Array(walk.aggregates) + enumKeys {
      let site = try read { () throws(ElfDwarfError) in
        try file.declarationSite(of: DIEOffset(id.rawValue))
      }
      if site?.isInUnitDirectory == true { own.insert(key) }
    }
    return UsedTypes(
      keys: walk.keys.sorted(), aggregates: walk.aggregates, enumerations: enumerations, own: own,
      table: table)
  }

  /// The `DW_AT_type` of a function, parameter or variable, and of what a function's
  /// body declares (parameters, variables, in nested and inlined blocks).
  private func collectRoots(
    _ die: DIE, into roots: inout [TypeID], depth: Int
  ) throws(LoaderError) {
    if let type = try target(of: die, depth: 0, shallow: true) { roots.append(type) }
    let scopes: Set<DwarfTag> = [.subprogram, .lexicalBlock, .inlinedSubroutine]
    guard scopes.contains(die.tag), die.hasChildren, depth < 64 else { return }
    let declared: Set<DwarfTag> = [.formalParameter, .variable, .lexicalBlock, .inlinedSubroutine]
    for child in try read({ () throws(ElfDwarfError) in try file.children(of: die.offset) })
    where declared.contains(child.tag) {
      try collectRoots(child, into: &roots, depth: depth + 1)
    }
  }
}

/// The walk behind `typesUsedByCode()`: each named type once.
private struct UsedTypeWalk {
  var keys: [TypeKey] = []
  var aggregates: [TypeKey: TypeID] = [:]
  var enums: [String: TypeID] = [:]

  /// The named types behind `id`: through pointers only when `throughPointers`, always
  /// through typedefs, qualifiers and arrays; a struct's or union's members by value.
  mutating func visit(
    _ id: TypeID?, throughPointers: Bool, depth: Int, _ loader: TypeLoader
  ) throws(LoaderError) {
    var current = id
    for _ in 0..<64 {
      guard let c = current, let type = loader.table[c], depth < TypeLoader.maxDepth else { return }
      switch type {
      case .pointer(let target, _):
        guard throughPointers else { return }
        current = target
      case .typedef(_, let target), .qualified(_, let target): current = target
      case .array(let element, _): current = element
      case .aggregate(let a):
        try visitAggregate(a, c, depth: depth, loader)
        return
      case .enumeration(let name?, let size?, _):
        let key = TypeKey(name: name, kind: .enumeration)
        if enums[name] == nil, size > 0 {
          enums[name] = c
          keys.append(key)
        }
        return
      default: return
      }
    }
  }

  /// A named struct or union is loaded in full (it may have been reached by pointer,
  /// by name only) and counted once; an anonymous one is part of its holder.
  private mutating func visitAggregate(
    _ a: AggregateType, _ id: TypeID, depth: Int, _ loader: TypeLoader
  ) throws(LoaderError) {
    var members = a.members
    if let name = a.name {
      let key = TypeKey(a.kind, name)
      guard aggregates[key] == nil else { return }
      let full = try loader.load(DIEOffset(id.rawValue))
      guard let loaded = loader.table.aggregate(full), !loaded.isDeclaration else { return }
      aggregates[key] = full
      keys.append(key)
      members = loaded.members
    }
    for member in members {
      try visit(member.type, throughPointers: false, depth: depth + 1, loader)
    }
  }
}
