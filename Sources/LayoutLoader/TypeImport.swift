import ElfDwarf
import LayoutModel

extension TypeLoader {
  /// Completes struct and union declarations (reduced debug info leaves embedded types
  /// as declarations) with definitions from another file, such as the matching
  /// vmlinux. Returns how many were completed.
  @discardableResult
  public func completeDeclarations(from other: any TypeProvider) throws(LoaderError) -> Int {
    try TypeImport.completeDeclarations(in: &table, from: other)
  }
}

extension TypeLoader {
  /// Copies the structs or unions called `names` that `other` defines into this table
  /// (under fresh ids, with everything they refer to); returns their new ids by name.
  public func importNamed(
    _ names: [String], from other: any TypeProvider
  ) throws(LoaderError) -> [String: TypeID] {
    var result: [String: TypeID] = [:]
    var memo: [TypeID: TypeID] = [:]
    for named in try other.loadNamedIfPresent(names).definitions {
      result[named.name] = TypeImport.importType(
        named.id, from: other.table, into: &table, memo: &memo)
    }
    return result
  }
}

/// Copying types between the tables of two files, whatever source each was read from.
enum TypeImport {
  /// Points every declaration-only aggregate of `table` at a copy of `other`'s
  /// definition of the same kind and name. Returns how many were completed.
  static func completeDeclarations(
    in table: inout TypeTable, from other: any TypeProvider
  ) throws(LoaderError) -> Int {
    var completed = 0
    var imported: [TypeID: TypeID] = [:]
    for (id, type) in table.types.sorted(by: { $0.key < $1.key }) {
      guard case .aggregate(let a) = type, a.isDeclaration, let name = a.name,
        let source = try other.resolveSpelling(TypeKey(a.kind, name).spelling),
        case .aggregate(let definition)? = other.table[source], !definition.isDeclaration
      else { continue }
      let copy = importType(source, from: other.table, into: &table, memo: &imported)
      table[id] = table[copy]
      completed += 1
    }
    return completed
  }

  /// Copies `id` and everything it refers to from `source` into `table` under fresh
  /// ids (the two files' ids overlap), once each.
  static func importType(
    _ id: TypeID, from source: TypeTable, into table: inout TypeTable, memo: inout [TypeID: TypeID]
  ) -> TypeID {
    if let done = memo[id] { return done }
    let fresh = table.freshID()
    memo[id] = fresh
    table[fresh] = .unknown("being imported")
    guard let type = source[id] else {
      table[fresh] = .unknown("missing in the --types-from file")
      return fresh
    }
    func map(_ t: TypeID?) -> TypeID? {
      t.map { importType($0, from: source, into: &table, memo: &memo) }
    }
    switch type {
    case .pointer(let target, let size):
      table[fresh] = .pointer(target: map(target), byteSize: size)
    case .typedef(let name, let target): table[fresh] = .typedef(name: name, target: map(target))
    case .qualified(let q, let target): table[fresh] = .qualified(q, target: map(target))
    case .array(let element, let counts):
      table[fresh] = .array(element: map(element)!, counts: counts)
    case .function(let r, let p, let v):
      table[fresh] = .function(returns: map(r), parameters: p.compactMap(map), variadic: v)
    case .aggregate(var a):
      a.members = a.members.map { m in
        var copy = m
        copy.type = map(m.type)!
        return copy
      }
      table[fresh] = .aggregate(a)
    default: table[fresh] = type
    }
    return fresh
  }
}
