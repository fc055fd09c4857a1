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

  /// The layouts, in the order asked for (or file order), with the table to name types.
  public func run() throws(LoaderError) -> (layouts: [StructLayout], table: TypeTable, machine: String) {
    let file: ElfFile
    do { file = try ElfFile.open(path) } catch { throw .reading(error) }
    guard file.hasDWARF else { throw .reading(.noDWARF(file: path, hasBTF: file.hasBTF)) }
    let loader = TypeLoader(file: file)
    let loaded = types.isEmpty ? try loader.loadAllNamed() : try loader.loadNamed(types)
    let layouts = loaded.definitions.compactMap { loaded.layout(of: $0.id, cachelineSize: cachelineSize) }
    return (layouts, loaded.table, loaded.machine)
  }
}
