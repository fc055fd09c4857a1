import ElfDwarf
import LayoutModel

/// Laying out the types asked for from an opened type source (DWARF or BTF): the
/// library side of `klp-layout layout`.
public struct LayoutRequest {
  public var provider: any TypeProvider
  /// Names to show; empty means every named struct and union.
  public var types: [String]
  public var cachelineSize: UInt64
  /// Another file's types (the matching vmlinux, say) whose definitions complete
  /// declarations.
  public var typesFrom: (any TypeProvider)?
  /// Also count the elements of file-scope variables per struct (for `audit`).
  public var countInstances = false
  /// With `types`: every distinct definition of each name, not only the first.
  public var allDefinitions = false

  public init(provider: any TypeProvider, types: [String], cachelineSize: UInt64 = 64, typesFrom: (any TypeProvider)? = nil) {
    self.provider = provider
    self.types = types
    self.cachelineSize = cachelineSize
    self.typesFrom = typesFrom
  }

  /// Opens `path` and `typesFrom` with `source` (for tests and tools that have no front
  /// door of their own).
  public init(
    path: String, types: [String], cachelineSize: UInt64 = 64, typesFrom: String? = nil, source: TypeSource = .auto,
    btfBase: String? = nil
  ) throws(LoaderError) {
    self.init(
      provider: try TypeSources.open(path, source: source, btfBase: btfBase), types: types, cachelineSize: cachelineSize,
      typesFrom: try typesFrom.map { p throws(LoaderError) in try TypeSources.open(p, source: .auto, btfBase: btfBase) })
  }

  /// The layouts, in the order asked for (or file order), with the loaded file.
  public func run() throws(LoaderError) -> LayoutResult {
    let loader = provider
    var loaded: LoadedFile
    if types.isEmpty {
      loaded = try loader.loadAllNamed()
    } else if let dwarf = loader as? TypeLoader {
      // DWARF tells same-named definitions apart (and counts them); BTF has one per name.
      loaded = try dwarf.loadNamed(types, allDefinitions: allDefinitions)
    } else {
      loaded = try loader.loadNamed(types)
    }
    if let typesFrom {
      try loader.completeDeclarations(from: typesFrom)
      loaded.table = loader.table
    }
    let layouts = loaded.definitions.compactMap { loaded.layout(of: $0.id, cachelineSize: cachelineSize) }
    var result = LayoutResult(loaded: loaded, layouts: layouts)
    if countInstances { result.instances = try loader.instancesByStruct() }
    return result
  }
}

/// What `LayoutRequest` produces.
public struct LayoutResult: Sendable {
  /// The types and the named definitions, in the same order as `layouts` (types
  /// with no layout, such as typedefs to non-aggregates, are skipped in `layouts`).
  public var loaded: LoadedFile
  public var layouts: [StructLayout]
  /// Elements of file-scope variables per struct name (when asked for).
  public var instances: [String: UInt64] = [:]

  public var table: TypeTable { loaded.table }
  /// The source the types were read from (`dwarf` or `btf`).
  public var source: TypeSource { loaded.source }
  /// For names asked for: how many distinct definitions of that name the file has.
  public var definitionCounts: [String: Int] { loaded.definitionCounts }
  public var machine: String { loaded.machine }
}
