import ElfDwarf
import LayoutModel

/// Opening a file and laying out the types asked for: the library side of
/// `klp-layout layout`.
public struct LayoutRequest: Sendable {
  public var path: String
  /// Names to show (`-t`/`-C`: `a,b` lists, `struct`/`union`/`enum` keywords);
  /// empty means every named struct and union.
  public var types: [String]
  public var cachelineSize: UInt64
  /// Another file (the matching vmlinux, say) whose definitions complete declarations.
  public var typesFrom: String?
  /// Also count the elements of file-scope variables per struct (for `audit`).
  public var countInstances = false
  /// pahole's `--prefix_filter`, `--exclude`, `--holes`, applied to what is shown.
  public var filter = TypeFilter()
  /// Without `types`: only the structs and unions the file's own sources define
  /// (`TypeLoader.ownDefinitions`), not every header type it includes.
  public var ownTypesOnly = false

  public init(path: String, types: [String], cachelineSize: UInt64 = 64, typesFrom: String? = nil) {
    self.path = path
    self.types = types
    self.cachelineSize = cachelineSize
    self.typesFrom = typesFrom
  }

  /// The layouts, in the order asked for (or file order), with the loaded file.
  public func run() throws(LoaderError) -> LayoutResult {
    try run(loader: open().0)
  }

  /// The same through a loader that already read the file at `path` (`scan --audit`
  /// reuses the one inspection opened, and its index of the file's definitions).
  public func run(loader: TypeLoader) throws(LoaderError) -> LayoutResult {
    let specs = TypeSpec.parse(types)
    var loaded: LoadedFile
    var picks: [TypeLoader.Pick]
    if specs.isEmpty && ownTypesOnly {
      let own = try loader.ownDefinitions()
      (loaded, picks) = own.isEmpty ? (try loader.loadSelected([]).loaded, []) : try loader.loadSelected(own)
    } else if specs.isEmpty {
      loaded = try loader.loadAllNamed()
      picks = loaded.definitions.map { .aggregate($0) }
    } else {
      (loaded, picks) = try loader.loadSelected(specs)
    }
    if let typesFrom {
      let other: ElfFile
      do { other = try ElfFile.open(typesFrom) } catch { throw .reading(error) }
      try loader.completeDeclarations(from: TypeLoader(file: other))
      loaded.table = loader.table
    }
    var items: [LayoutItem] = []
    for pick in picks {
      switch pick {
      case .aggregate(let named):
        guard let layout = loaded.layout(of: named.id, cachelineSize: cachelineSize), filter.admits(layout) else { continue }
        items.append(.aggregate(layout))
      case .enumeration(let e):
        if filter.admits(e) { items.append(.enumeration(e)) }
      }
    }
    var result = LayoutResult(loaded: loaded, items: items)
    if countInstances && !items.isEmpty { result.instances = try loader.instancesByStruct() }
    return result
  }

  /// The file, checked for DWARF, and a loader over it.
  func open() throws(LoaderError) -> (TypeLoader, ElfFile) {
    let file: ElfFile
    do { file = try ElfFile.open(path) } catch { throw .reading(error) }
    guard file.hasDWARF else { throw .reading(.noDWARF(file: path, hasBTF: file.hasBTF)) }
    return (TypeLoader(file: file), file)
  }
}

/// One type shown by `layout`: a struct or union laid out, or an enumeration.
public enum LayoutItem: Hashable, Sendable {
  case aggregate(StructLayout)
  case enumeration(Enumeration)
}

/// What `LayoutRequest` produces.
public struct LayoutResult: Sendable {
  /// The types and the named definitions loaded.
  public var loaded: LoadedFile
  /// What to show, in the order asked for (file order without names), filtered.
  public var items: [LayoutItem]
  /// Elements of file-scope variables per struct name (when asked for).
  public var instances: [String: UInt64] = [:]

  public init(loaded: LoadedFile, items: [LayoutItem]) {
    self.loaded = loaded
    self.items = items
  }

  /// The struct and union layouts among `items` (types with no layout, such as
  /// typedefs to non-aggregates, and enumerations are not in it).
  public var layouts: [StructLayout] {
    items.compactMap { if case .aggregate(let l) = $0 { return l } else { return nil } }
  }

  public var enumerations: [Enumeration] {
    items.compactMap { if case .enumeration(let e) = $0 { return e } else { return nil } }
  }

  public var table: TypeTable { loaded.table }
  public var machine: String { loaded.machine }
}
