import ReportSchema
import Foundation
import Livepatch
import TestSupport
import Testing

/// Inspection against an oracle derived independently by scripts/klp-oracle from
/// readelf, pahole and gdb output only (`Fixtures/oracle/<file>.klp.json`): every
/// array's count, entries and bytes, every object's name, every func's fields, on
/// every livepatch fixture: 6.1 and 6.12, DWARF 4 and 5, and the cross-compiled
/// objects (i686 and armhf REL, s390x big-endian).
struct KlpOracleTests {
  struct Oracle: Decodable {
    struct Patch: Decodable {
      struct Object: Decodable {
        var name: String?
        var funcs: [InspectReport.Func]
      }
      var symbol: String
      var replace: Bool
      var objects: [Object]
      var states: [InspectReport.State]
    }
    var arrays: [InspectReport.StaticArray]
    var patches: [Patch]
  }

  static let inputs =
    (Fixtures.files(under: "modules", suffixes: [".ko"])
    + Fixtures.files(under: "obj", suffixes: ["klp_multi.o"])
    + Fixtures.files(under: "replace", suffixes: [".o"]))
    .filter { Fixtures.oracle(for: $0, kind: "klp.json") != nil }

  @Test func everyLivepatchFixtureHasAnOracle() {
    #expect(Self.inputs.count >= 60, "\(Self.inputs.count)")
  }

  @Test(arguments: inputs)
  func inspectionMatchesTheOracle(relative: String) throws {
    let text = try #require(Fixtures.oracle(for: relative, kind: "klp.json"))
    let oracle = try JSONDecoder().decode(Oracle.self, from: Data(text.utf8))
    let report = try LivepatchReader.inspect(Fixtures.path(relative))
    #expect(report.arrays == oracle.arrays, "\(relative)")
    #expect(report.livepatch == !oracle.arrays.isEmpty)
    #expect(report.patches.count == oracle.patches.count)
    for (ours, theirs) in zip(report.patches, oracle.patches) {
      #expect(ours.symbol == theirs.symbol && ours.replace == theirs.replace, "\(relative)")
      #expect(ours.states == theirs.states, "\(relative)")
      #expect(ours.objects.map(\.name) == theirs.objects.map(\.name), "\(relative)")
      #expect(ours.objects.map(\.funcs) == theirs.objects.map(\.funcs), "\(relative)")
    }
  }
}
