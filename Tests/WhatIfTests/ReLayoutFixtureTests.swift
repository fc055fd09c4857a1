import LayoutLoader
import LayoutModel
import TestSupport
import Testing
import WhatIf

/// The re-layout engine, checked against the compilers: every struct of every fixture,
/// recovered into a declaration and laid out again, must land exactly where gcc or
/// clang put it, on every architecture.
struct ReLayoutFixtureTests {
  static let inputs =
    Fixtures.files(under: "obj", suffixes: [".o"])
    + Fixtures.files(under: "modules/6.1/dwarf5", suffixes: [".ko"])

  @Test(arguments: inputs)
  func unchangedDeclarationsLayOutAsCompiled(relative: String) throws {
    let result = try LayoutRequest(path: Fixtures.path(relative), types: []).run()
    let engine = ReLayout(table: result.table)
    var mismatches: [String] = []
    var pinned: [String] = []
    for named in result.loaded.definitions {
      guard let original = result.table.aggregate(named.id) else { continue }
      let name = named.name
      let declaration = Declaration(recovering: original, table: result.table)
      let again = engine.layout(declaration)
      if again.byteSize != original.byteSize
        || again.members.map(\.bitOffset) != original.members.map(\.bitOffset)
      {
        mismatches.append("\(name): \(original.byteSize ?? 0) → \(again.byteSize ?? 0)")
      }
      if !declaration.pinnedMembers.isEmpty {
        pinned.append("\(name): \(declaration.pinnedMembers.compactMap(\.name))")
      }
    }
    #expect(mismatches.isEmpty, "\(relative): \(mismatches)")
    #expect(pinned.isEmpty, "\(relative): positions the ABI rules could not explain: \(pinned)")
  }
}
