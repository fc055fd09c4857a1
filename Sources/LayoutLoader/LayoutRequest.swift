import LayoutModel

/// Opening a file and laying out the types asked for: the library side of
/// `klp-layout layout`.
public struct LayoutRequest: Sendable {
  public var path: String
  /// Names to show; empty means every named struct and union.
  public var types: [String]
  public var cachelineSize: UInt64
  /// Another file (the matching vmlinux, say) whose definitions complete declarations.
  public var typesFrom: String?
  /// Also count the elements of file-scope variables per struct (for `audit`).
  public var countInstances = false
  /// DWARF, BTF, or DWARF when present (`auto`) for this file; `typesFrom` is always `auto`.
  public var source: TypeSource = .auto
  /// The base of split BTF (a module's), when `source` ends up BTF.
  public var btfBase: String?

  public init(path: String, types: [String], cachelineSize: UInt64 = 64, typesFrom: String? = nil) {
    self.path = path
    self.types = types
    self.cachelineSize = cachelineSize
    self.typesFrom = typesFrom
  }

  /// The layouts, in the order asked for (or file order), with the loaded file.
  public func run() throws(LoaderError) -> LayoutResult {
    let loader = try TypeSources.open(path, source: source, btfBase: btfBase)
    var loaded = types.isEmpty ? try loader.loadAllNamed() : try loader.loadNamed(types)
    if let typesFrom {
      let other = try TypeSources.open(typesFrom, source: .auto, btfBase: btfBase)
      try loader.completeDeclarations(from: other)
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
  public var machine: String { loaded.machine }
}
