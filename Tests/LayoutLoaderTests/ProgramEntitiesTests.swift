import LayoutLoader
import LayoutModel
import TestSupport
import Testing
import ElfDwarf

/// Functions, variables and enumerators read from the safety fixtures, on every target:
/// what `safety` compares, checked against the C sources in Fixtures/src/safety.
struct ProgramEntitiesTests {
  static let targets = ["x86_64", "i686", "s390x", "x86_64-clang"].flatMap { t in
    ["dwarf4", "dwarf5"].map { "safety/\(t)/\($0)" }
  }

  static func entities(_ relative: String) throws -> ProgramEntities {
    try TypeLoader(file: try ElfFile.open(Fixtures.path(relative))).programEntities()
  }

  @Test(arguments: targets)
  func prototypesAreTheDeclaredOnes(target: String) throws {
    for (side, parameters) in [("orig", ["int"]), ("patched", ["int", "unsigned int"])] {
      let e = try Self.entities("\(target)/\(side)/prototype_changed.o")
      let naming = TypeNaming(table: e.table)
      let open = try #require(e.functions["conn_open"])
      #expect(open.parameters.map { naming.name(of: $0) } == parameters, "\(target) \(side)")
      #expect(naming.name(of: open.returns) == "int" && open.isExternal && !open.variadic)
      #expect(e.functions["conn_close"] != nil)
    }
  }

  @Test(arguments: targets)
  func enumeratorsAndVariables(target: String) throws {
    let orig = try Self.entities("\(target)/orig/enumerator_shifted.o")
    let patched = try Self.entities("\(target)/patched/enumerator_shifted.o")
    #expect(
      orig.enumerators.mapValues(\.value) == ["CONN_IDLE": 0, "CONN_OPEN": 1, "CONN_CLOSED": 2])
    #expect(
      patched.enumerators.mapValues(\.value) == [
        "CONN_IDLE": 0, "CONN_OPENING": 1, "CONN_OPEN": 2, "CONN_CLOSED": 3,
      ])
    #expect(orig.enumerators["CONN_OPEN"]?.enumName == "conn_state")
    let globals = try Self.entities("\(target)/orig/global_retyped.o")
    #expect(
      globals.variable(named: "counter")?.isExternal == true
        && globals.variable(named: "seq")?.isExternal == false)
    #expect(globals.table.size(of: globals.variable(named: "seq")?.type) == 2)
  }
}
