import ReportSchema
import Livepatch
import TestSupport
import Testing
import WhatIf

/// The designs' layouts against the compiler: scripts/build-fixtures compiles the
/// variant structs (klp_func without `node`, the `klp_func_no_op` wrapper, klp_object
/// and klp_patch with the dynamic-array pointers) with gcc, against the 6.1 headers
/// and for every architecture, and commits pahole's view of them. The engine, given
/// only the original structs, must produce the same sizes and member offsets.
struct DesignOracleTests {
  static let inputs =
    ["whatif/6.1/klp_designs_kernel.ko"] + Fixtures.files(under: "whatif", suffixes: [".o"])

  /// (design, struct in the design, struct the fixture declares)
  static let pairs: [(DesignID, String, String)] = [
    (.base, "klp_func", "klp_func_base"), (.base, "klp_object", "klp_object_base"),
    (.base, "klp_patch", "klp_patch_base"),
    (.bWrapper, "klp_func_no_op", "klp_func_no_op"),
    (.dDynArray, "klp_object", "klp_object_dyn"), (.dDynArray, "klp_patch", "klp_patch_dyn"),
    (.aEmbedded, "klp_func", "klp_func"), (.aEmbedded, "klp_object", "klp_object"),
    (.aEmbedded, "klp_patch", "klp_patch"),
  ]

  @Test func everyArchitectureIsCovered() {
    #expect(Self.inputs.count == 7, "\(Self.inputs)")
  }

  @Test(arguments: inputs)
  func designsMatchTheCompiler(relative: String) throws {
    let oracle = try #require(Fixtures.oracle(for: relative, kind: "pahole.txt"))
    let compiled = Dictionary(PaholeOracle.parse(oracle).map { ($0.heading, $0) }) { a, _ in a }
    let module = try LivepatchReader.analyze(Fixtures.path(relative))
    let model = KlpCostModel(engine: try module.engine(), arrays: module.staticArrays)
    let costs = Dictionary(
      uniqueKeysWithValues: try model.price(Workload(demand: NoOpDemand(nops: 1))).map {
        ($0.id, $0)
      })
    for (design, ours, theirs) in Self.pairs {
      let expected = try #require(
        compiled["struct " + theirs], "\(relative): no struct \(theirs) in the oracle")
      let layout = try #require(
        costs[design]?.result.layout(of: ours), "\(relative): \(design) has no \(ours)")
      #expect(layout.size == expected.size, "\(relative) \(design.rawValue) \(ours)")
      let offsets = layout.members.map {
        PaholeStruct.Member(
          offset: $0.byteOffset, size: $0.byteSize ?? 0, bitFieldOffset: $0.bitFieldOffset)
      }
      #expect(offsets == expected.members, "\(relative) \(design.rawValue) \(ours)")
    }
  }
}
