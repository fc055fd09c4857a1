import ElfDwarf
import LayoutModel

extension TypeLoader {
  /// Finds every named struct and union definition in the file (first of each kind
  /// and name, in file order) and loads them. Declarations whose definition is in
  /// another unit are replaced by it, so reduced debug info shows real sizes.
  public func loadAllNamed() throws(LoaderError) -> LoadedFile {
    let index = try definitionIndex()
    var named: [NamedType] = []
    for entry in index.definitions {
      named.append(NamedType(name: entry.name, kind: entry.kind, id: try load(entry.offset)))
    }
    resolveDeclarations(using: index)
    return loadedFile(named)
  }

  /// Loads only the types called `names` (struct, union or typedef to one).
  public func loadNamed(_ names: [String]) throws(LoaderError) -> LoadedFile {
    let index = try definitionIndex()
    var named: [NamedType] = []
    for name in names {
      guard let entry = index.definitions.first(where: { $0.name == name }) ?? index.typedefTarget(name) else {
        throw .typeNotFound(file: file.path, name: name)
      }
      let id = try load(entry.offset)
      named.append(NamedType(name: name, kind: entry.kind, id: id))
    }
    resolveDeclarations(using: index)
    return loadedFile(named)
  }

  private func loadedFile(_ named: [NamedType]) -> LoadedFile {
    LoadedFile(
      path: file.path, machine: file.header.machineName, byteOrder: file.header.byteOrder,
      table: table, definitions: named)
  }

  /// Points every loaded declaration at a definition of the same kind and name.
  private func resolveDeclarations(using index: DefinitionIndex) {
    for (id, type) in table.types {
      guard case .aggregate(let a) = type, a.isDeclaration, let name = a.name,
        let entry = index.definitions.first(where: { $0.name == name && $0.kind == a.kind }),
        let definitionID = try? load(entry.offset), definitionID != id
      else { continue }
      table[id] = table[definitionID]
    }
  }

  struct DefinitionIndex {
    struct Entry {
      var name: String
      var kind: AggregateKind
      var offset: DIEOffset
    }
    var definitions: [Entry] = []
    var typedefs: [String: DIEOffset] = [:]
    var loader: TypeLoader

    /// A typedef name resolves to the aggregate it names.
    func typedefTarget(_ name: String) -> Entry? {
      guard let offset = typedefs[name] else { return nil }
      return Entry(name: name, kind: .structure, offset: offset)
    }
  }

  /// The cheap pass: top-level entries of every unit, names only.
  func definitionIndex() throws(LoaderError) -> DefinitionIndex {
    var index = DefinitionIndex(loader: self)
    var seen = Set<String>()
    for unit in try read({ () throws(ElfDwarfError) in try file.unitOffsets() }) {
      for entry in try read({ () throws(ElfDwarfError) in try file.topLevelSummaries(of: unit) }) {
        guard let name = entry.name, !entry.isDeclaration else { continue }
        switch entry.tag {
        case .structureType, .unionType, .classType:
          let kind: AggregateKind = entry.tag == .unionType ? .union : entry.tag == .classType ? .class : .structure
          if seen.insert(kind.rawValue + " " + name).inserted {
            index.definitions.append(.init(name: name, kind: kind, offset: entry.offset))
          }
        case .typedef:
          if index.typedefs[name] == nil { index.typedefs[name] = entry.offset }
        default: continue
        }
      }
    }
    return index
  }
}

extension TypeLoader {
  /// Loads those of `names` that the file defines (struct, union or typedef), silently
  /// skipping the others: for callers that probe for optional types.
  public func loadNamedIfPresent(_ names: [String]) throws(LoaderError) -> LoadedFile {
    let index = try definitionIndex()
    var named: [NamedType] = []
    for name in names {
      guard let entry = index.definitions.first(where: { $0.name == name }) ?? index.typedefTarget(name) else { continue }
      named.append(NamedType(name: name, kind: entry.kind, id: try load(entry.offset)))
    }
    resolveDeclarations(using: index)
    return loadedFile(named)
  }
}
