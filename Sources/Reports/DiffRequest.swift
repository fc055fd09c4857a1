import ElfDwarf
import LayoutLoader
import Livepatch

/// Loading two builds and comparing them: the library side of `klp-layout diff`.
public struct DiffRequest: Sendable {
  public var old: String
  public var new: String
  public var types: [String]
  public var source: TypeSource = .auto
  public var btfBase: String?

  public init(old: String, new: String, types: [String]) {
    self.old = old
    self.new = new
    self.types = types
  }

  public func run() throws -> DiffDocument {
    var request = LayoutRequest(path: old, types: types)
    request.source = source
    request.btfBase = btfBase
    let before = try request.run()
    request.path = new
    let after = try request.run()
    let changes = TypeDiff.compare(
      LayoutSet(layouts: before.layouts, table: before.table), LayoutSet(layouts: after.layouts, table: after.table))
    var livepatch: LivepatchChanges?
    // Livepatch metadata lives in modules (ET_REL); a vmlinux has none to compare.
    let modules = [old, new].allSatisfy { (try? ElfFile.open($0))?.header.isRelocatable == true }
    if types.isEmpty, modules, let o = try? LivepatchReader.inspect(old), let n = try? LivepatchReader.inspect(new),
      o.livepatch || n.livepatch
    {
      livepatch = LivepatchChanges(old: o, new: n)
    }
    var document = DiffDocument(old: old, new: new, types: changes, livepatch: livepatch)
    document.oldTypeSource = before.source.rawValue
    document.newTypeSource = after.source.rawValue
    return document
  }
}
