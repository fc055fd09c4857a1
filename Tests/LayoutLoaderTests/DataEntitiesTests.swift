import ElfDwarf
import LayoutLoader
import LayoutModel
import TestSupport
import Testing

/// Variables and their initial contents read from the changed-data corpus
/// (Fixtures/src/safety/data): function statics found by their DWARF place, not by
/// gcc's suffix; relocations resolved to the containing symbol, strings to their text.
struct DataEntitiesTests {
  static let builds = ["x86_64", "x86_64-clang", "s390x"].flatMap { t in
    ["plain", "sections"].map { "safety-data/\(t)/\($0)" }
  }

  static func entities(_ relative: String) throws -> ProgramEntities {
    try TypeLoader(file: try ElfFile.open(Fixtures.path(relative))).programEntities()
  }

  static func references(_ v: VariableEntity?) -> [DataReference.Target] {
    v?.contents?.references.map(\.target) ?? []
  }

  @Test(arguments: builds)
  func functionStaticsAreNamedByTheirFunction(build: String) throws {
    let e = try Self.entities("\(build)/orig/func_static_same_name.o")
    let rx = try #require(e.variable(named: "stat_rx::calls"))
    let tx = try #require(e.variable(named: "stat_tx::calls"))
    #expect(rx.function == "stat_rx" && rx.name == "calls")
    #expect(rx.contents?.size == 4 && tx.contents?.size == 4)
    let big = build.contains("s390x")
    #expect(tx.contents?.bytes == (big ? [0, 0, 0, 2] : [2, 0, 0, 0]))
    // Renumbered by gcc between the builds, found by place in both.
    for side in ["orig", "patched"] {
      let r = try Self.entities("\(build)/\(side)/func_static_renumbered.o")
      #expect(
        r.variable(named: "stat_rx::count") != nil && r.variable(named: "stat_tx::count") != nil)
    }
  }

  @Test(arguments: builds)
  func relocationsResolveToTheContainingSymbol(build: String) throws {
    for (side, target) in [("orig", "pool_a"), ("patched", "pool_b")] {
      let e = try Self.entities("\(build)/\(side)/data_ptr_retarget.o")
      #expect(Self.references(e.variable(named: "pool")) == [.symbol(target, addend: 0)])
    }
    for side in ["orig", "patched"] {
      let e = try Self.entities("\(build)/\(side)/func_ptr_text_offset.o")
      let targets = Self.references(e.variable(named: "ops"))
      #expect(targets == ["op_a", "op_b", "op_c"].map { .symbol($0, addend: 0) }, "\(build)")
    }
    let moved = try Self.entities("\(build)/patched/ptr_addend_changed.o")
    #expect(Self.references(moved.variable(named: "cursor")) == [.symbol("slots", addend: 8)])
  }

  @Test(arguments: builds)
  func stringsAreTheirTextAndLiteralsAreNoEntities(build: String) throws {
    let e = try Self.entities("\(build)/patched/string_ptr_changed.o")
    #expect(Self.references(e.variable(named: "greeting")) == [.string(Array("hello".utf8))])
    let literal = try Self.entities("\(build)/patched/string_literal_changed.o")
    #expect(
      !literal.variables.contains {
        $0.name.hasPrefix(".L") || $0.contents?.section.contains(".str") == true
      })
  }
}
