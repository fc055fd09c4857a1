import Foundation
import TestSupport
import Testing

/// Two units that define `struct irq_info` and `struct remap_data` differently, linked
/// with `ld -r` (Fixtures/src/parity/same_name_*.c): every distinct definition is
/// printed once, `-t` says there are several, and diff compares each with its own.
struct SameNameDefinitionTests {
  static let file = Fixtures.path("parity/x86_64/same_name.o")
  static let grown = Fixtures.path("parity/x86_64/same_name.v2.o")

  @Test func wholeFileShowsEachDistinctDefinitionOnce() throws {
    let r = try CLI.run(["layout", Self.file])
    #expect(r.status == 0, "\(r.stderr)")
    let headings = r.stdout.split(separator: "\n").filter {
      $0.hasSuffix(" {") && !$0.hasPrefix("\t")
    }
    #expect(headings.filter { $0 == "struct irq_info {" }.count == 2)
    #expect(headings.filter { $0 == "struct remap_data {" }.count == 2)
    // Defined identically in both units: one definition.
    #expect(headings.filter { $0 == "struct shared_same {" }.count == 1)
  }

  @Test func typeOptionShowsTheFirstAndSaysThereAreMore() throws {
    let r = try CLI.run(["layout", "-t", "irq_info", Self.file])
    #expect(r.status == 0)
    #expect(r.stdout.components(separatedBy: "struct irq_info {").count == 2)
    #expect(r.stdout.contains("long unsigned int          flags;"))
    #expect(
      r.stderr.contains("2 distinct definitions of 'irq_info'")
        && r.stderr.contains("--all-definitions"))
    let all = try CLI.run(["layout", "-t", "irq_info", "--all-definitions", Self.file])
    #expect(all.stdout.components(separatedBy: "struct irq_info {").count == 3)
    #expect(all.stderr.isEmpty)
    let single = try CLI.run(["layout", "-t", "shared_same", Self.file])
    #expect(single.stderr.isEmpty)
  }

  @Test func jsonCarriesDistinctStableDefinitionIDs() throws {
    func ids(_ path: String) throws -> [String: [String]] {
      let r = try CLI.run(["layout", path, "--format", "json"])
      let json = try #require(
        try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
      let types = try #require(json["types"] as? [[String: Any]])
      var result: [String: [String]] = [:]
      for t in types {
        result[t["name"] as? String ?? "", default: []].append(t["definition"] as? String ?? "")
      }
      return result
    }
    let old = try ids(Self.file)
    let new = try ids(Self.grown)
    #expect(Set(old["irq_info"] ?? []).count == 2)
    #expect(old["irq_info"]?.allSatisfy { $0.count == 16 } == true)
    // Unchanged definitions keep their id across builds; the grown one gets a new one.
    #expect(old["remap_data"] == new["remap_data"])
    #expect(old["irq_info"]?.first == new["irq_info"]?.first)
    #expect(old["irq_info"]?.last != new["irq_info"]?.last)
  }

  /// same_name.v2.o grows the second unit's irq_info. Pairing by name alone compared
  /// the first definitions (unchanged) and reported nothing.
  @Test func diffPairsEachDefinitionWithItsOwn() throws {
    let r = try CLI.run(["diff", Self.file, Self.grown, "--format", "json"])
    #expect(r.status == 0, "\(r.stderr)")
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    let types = try #require(json["types"] as? [[String: Any]])
    #expect(types.count == 1)
    #expect(types.first?["name"] as? String == "irq_info")
    #expect(types.first?["oldSize"] as? Int == 32 && types.first?["newSize"] as? Int == 40)
    #expect(
      (types.first?["members"] as? [[String: Any]])?.map { $0["name"] as? String } == ["spurious"])
  }
}
