import ElfDwarf
import LayoutModel

/// Laying out the types asked for in an opened file: the library side of
/// `klp-layout layout`.
public struct LayoutRequest {
  public var file: ElfFile
  /// Names to show; empty means every named struct and union.
  public var types: [String]
  public var cachelineSize: UInt64
  /// Another file (the matching vmlinux, say) whose definitions complete declarations.
  public var typesFrom: ElfFile?
  /// Also count the elements of file-scope variables per struct (for `audit`).
  public var countInstances = false
  /// With `types`: every distinct definition of each name, not only the first.
  public var allDefinitions = false

  public init(file: ElfFile, types: [String], cachelineSize: UInt64 = 64, typesFrom: ElfFile? = nil) {
    self.file = file
    self.types = types
    self.cachelineSize = cachelineSize
    self.typesFrom = typesFrom
  }

  /// Opens `path` (for tests and tools that have no front door of their own).
  public init(path: String, types: [String], cachelineSize: UInt64 = 64, typesFrom: String? = nil) throws(LoaderError) {
    do {
      self.init(
        file: try ElfFile.open(path), types: types, cachelineSize: cachelineSize,
        typesFrom: try typesFrom.map { p throws(ElfDwarfError) in try ElfFile.open(p) })
    } catch { throw .reading(error) }
  }

  /// The layouts, in the order asked for (or file order), with the loaded file.
  public func run() throws(LoaderError) -> LayoutResult {
    guard file.hasDWARF else { throw .reading(.noDWARF(file: file.path, hasBTF: file.hasBTF)) }
    let loader = TypeLoader(file: file)
    var loaded = types.isEmpty ? try loader.loadAllNamed() : try loader.loadNamed(types, allDefinitions: allDefinitions)
    if let typesFrom {
      try loader.completeDeclarations(from: TypeLoader(file: typesFrom))
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
  /// For names asked for: how many distinct definitions of that name the file has.
  public var definitionCounts: [String: Int] { loaded.definitionCounts }
  public var machine: String { loaded.machine }
}
