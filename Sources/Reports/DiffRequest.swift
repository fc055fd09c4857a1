import ElfDwarf
import LayoutLoader
import Livepatch

/// Loading two builds and comparing them: the library side of `klp-layout diff`.
public struct DiffRequest: Sendable {
  public var old: String
  public var new: String
  public var types: [String]

  public init(old: String, new: String, types: [String]) {
    self.old = old
    self.new = new
    self.types = types
  }

  public func run() throws -> DiffDocument {
    let before = try LayoutRequest(path: old, types: types).run()
    let after = try LayoutRequest(path: new, types: types).run()
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
    return DiffDocument(old: old, new: new, types: changes, livepatch: livepatch)
  }
}
