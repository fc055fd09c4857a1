import ElfDwarf
import LayoutModel

/// Opening a file and laying out the types asked for: the library side of
/// `klp-layout layout`.
public struct LayoutRequest: Sendable {
  public var path: String
  /// Names to show; empty means every named struct and union.
  public var types: [String]
  public var cachelineSize: UInt64

  public init(path: String, types: [String], cachelineSize: UInt64 = 64) {
    self.path = path
    self.types = types
    self.cachelineSize = cachelineSize
  }

  /// The layouts, in the order asked for (or file order), with the loaded file.
  public func run() throws(LoaderError) -> LayoutResult {
    let file: ElfFile
    do { file = try ElfFile.open(path) } catch { throw .reading(error) }
    guard file.hasDWARF else { throw .reading(.noDWARF(file: path, hasBTF: file.hasBTF)) }
    let loader = TypeLoader(file: file)
    let loaded = types.isEmpty ? try loader.loadAllNamed() : try loader.loadNamed(types)
    let layouts = loaded.definitions.compactMap { loaded.layout(of: $0.id, cachelineSize: cachelineSize) }
    return LayoutResult(loaded: loaded, layouts: layouts)
  }
}

/// What `LayoutRequest` produces.
public struct LayoutResult: Sendable {
  /// The types and the named definitions, in the same order as `layouts` (types
  /// with no layout, such as typedefs to non-aggregates, are skipped in `layouts`).
  public var loaded: LoadedFile
  public var layouts: [StructLayout]

  public var table: TypeTable { loaded.table }
  public var machine: String { loaded.machine }
}
