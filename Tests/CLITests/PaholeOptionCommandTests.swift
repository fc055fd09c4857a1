import Foundation
import TestSupport
import Testing

/// pahole's everyday options as a user types them: `-C` lists, `struct`/`enum`
/// keywords, the list answers, and the same answers in JSON.
struct PaholeOptionCommandTests {
  static let sample = Fixtures.path("modules/6.1/dwarf5/livepatch-sample.ko")

  static func json(_ arguments: [String]) throws -> [String: Any] {
    let r = try CLI.run(["layout", sample] + arguments + ["--format", "json"])
    #expect(r.status == 0, "\(r.stderr)")
    return try #require(
      try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
  }

  @Test func typeListsAndKeywordsReadAsPaholeWouldPrintThem() throws {
    let pahole = try Pahole.run(["-C", "klp_func,klp_object,module_state", Self.sample])
    #expect(!pahole.isEmpty)
    for arguments in [
      ["-C", "klp_func,klp_object,module_state"],
      ["-t", "struct klp_func", "-t", "klp_object,enum module_state"],
      ["-C", "klp_func", "-C", "struct klp_object", "--type", "module_state"],
    ] {
      let r = try CLI.run(["layout", Self.sample] + arguments)
      #expect(r.status == 0 && r.stdout == pahole, "\(arguments): \(r.stderr)")
    }
  }

  @Test func aKeywordOfTheWrongKindIsNotFound() throws {
    let r = try CLI.run(["layout", Self.sample, "-t", "union klp_func"])
    #expect(r.status == 2)
    #expect(r.stderr.contains("type 'union klp_func' not found"), "\(r.stderr)")
    #expect(r.stderr.split(separator: "\n").count == 1)
  }

  @Test func listAnswersInJSON() throws {
    let sizes = try Self.json(["--sizes", "--prefix", "klp_"])["sizes"] as? [[String: Any]] ?? []
    let func_ = sizes.first { $0["name"] as? String == "klp_func" }
    #expect(
      func_?["size"] as? Int == 152 && func_?["holes"] as? Int == 0
        && func_?["kind"] as? String == "struct")
    #expect(
      sizes.allSatisfy { ($0["name"] as? String ?? "").hasPrefix("klp_") } && sizes.count == 6)

    let containers =
      try Self.json(["--contains", "list_head"])["containers"] as? [[String: Any]] ?? []
    let text = try CLI.run(["layout", Self.sample, "--contains", "list_head"]).stdout
    #expect(
      containers.compactMap { $0["name"] as? String }
        == text.split(separator: "\n").map(String.init))

    let pointers =
      try Self.json(["--find-pointers-to", "klp_func"])["pointers"] as? [[String: Any]] ?? []
    let holder = pointers.first?["type"] as? [String: Any]
    #expect(
      pointers.count == 1 && holder?["name"] as? String == "klp_object"
        && holder?["kind"] as? String == "struct")
    #expect(pointers.first?["member"] as? String == "funcs")

    let enums =
      try Self.json(["-t", "enum module_state"])["enumerations"] as? [[String: Any]] ?? []
    let values = (enums.first?["enumerators"] as? [[String: Any]] ?? []).compactMap {
      $0["value"] as? Int
    }
    #expect(enums.first?["name"] as? String == "module_state" && values == [0, 1, 2, 3])
  }

  @Test func holesFilterMatchesPahole() throws {
    let r = try CLI.run(["layout", Self.sample, "-s", "-H", "3"])
    let theirs = try Pahole.run(["-s", "-H", "3", Self.sample])
    #expect(r.status == 0 && r.stdout == theirs && !theirs.isEmpty)
  }

  /// Through BTF (the same module's, encoded from its DWARF) the selection options give
  /// the DWARF answers, enums included.
  @Test func btfAnswersTheSame() throws {
    let btf = Fixtures.path("btf/modules/6.1/dwarf5/livepatch-sample.ko.btf")
    for arguments in [
      ["-s", "-y", "klp_"], ["--find-pointers-to", "klp_func"], ["--contains", "list_head"],
      ["-C", "klp_func,struct klp_object"], ["-t", "enum module_state"], ["-t", "module_state"],
    ] {
      let fromDWARF = try CLI.run(["layout", Self.sample] + arguments)
      let fromBTF = try CLI.run(["layout", btf] + arguments)
      #expect(fromDWARF.status == 0 && fromBTF.status == 0, "\(arguments): \(fromBTF.stderr)")
      // The full text carries one line saying the types came from BTF.
      let body = fromBTF.stdout.split(separator: "\n", omittingEmptySubsequences: false).filter {
        !$0.contains("types from BTF")
      }
      #expect(body.joined(separator: "\n") == fromDWARF.stdout, "\(arguments)")
    }
  }
}
