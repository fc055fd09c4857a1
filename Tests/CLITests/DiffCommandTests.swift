import Foundation
import TestSupport
import Testing

/// Pairs of builds that differ by one known change each (Fixtures/src/diff): `diff`
/// reports exactly that change and nothing else, with bloat-o-meter's summary numbers.
struct DiffCommandTests {
  struct Expected: Sendable {
    var pair: String
    var summary: String
    var member: String
    var change: String
  }

  static let cases: [Expected] = [
    .init(
      pair: "member_added", summary: "add/remove: 0/0 grow/shrink: 1/0 up/down: 8/0 (8)",
      member: "cookie", change: "added"),
    .init(
      pair: "member_removed", summary: "add/remove: 0/0 grow/shrink: 0/1 up/down: 0/-32 (-32)",
      member: "stats", change: "removed"),
    .init(
      pair: "member_retyped", summary: "add/remove: 0/0 grow/shrink: 1/0 up/down: 8/0 (8)",
      member: "count", change: "retyped"),
    .init(
      pair: "member_reordered", summary: "add/remove: 0/0 grow/shrink: 0/1 up/down: 0/-8 (-8)",
      member: "small", change: "moved"),
    .init(
      pair: "bitfield_widened", summary: "add/remove: 0/0 grow/shrink: 0/0 up/down: 0/0 (0)",
      member: "state", change: "resized"),
    .init(
      pair: "array_grown", summary: "add/remove: 0/0 grow/shrink: 1/0 up/down: 16/0 (16)",
      member: "name", change: "retyped"),
  ]

  static func json(_ args: [String]) throws -> [String: Any] {
    let r = try CLI.run(args)
    #expect(r.status == 0, "\(r.stderr)")
    return try #require(
      try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
  }

  @Test(arguments: cases)
  func reportsExactlyTheOneChange(expected: Expected) throws {
    let old = Fixtures.path("diff/x86_64/\(expected.pair).v1.o")
    let new = Fixtures.path("diff/x86_64/\(expected.pair).v2.o")
    let text = try CLI.run(["diff", old, new])
    #expect(text.stdout.hasPrefix(expected.summary + "\n"), "\(text.stdout)")
    let json = try Self.json(["diff", old, new, "--format", "json"])
    let types = json["types"] as? [[String: Any]] ?? []
    #expect(types.count == 1, "\(expected.pair): \(types.compactMap { $0["name"] as? String })")
    #expect(
      types.first?["name"] as? String == "conn" && types.first?["kind"] as? String == "struct")
    let members = types.first?["members"] as? [[String: Any]] ?? []
    #expect(members.count == 1, "\(expected.pair): \(members)")
    #expect(members.first?["name"] as? String == expected.member)
    #expect(members.first?["change"] as? String == expected.change)
  }

  @Test func aFuncAddedToALivepatchObject() throws {
    let json = try Self.json([
      "diff", Fixtures.path("diff/x86_64/klp_func_added.v1.o"),
      Fixtures.path("diff/x86_64/klp_func_added.v2.o"), "--format", "json",
    ])
    #expect((json["types"] as? [Any])?.isEmpty == true)
    let livepatch = json["livepatch"] as? [String: Any]
    let funcs = livepatch?["funcs"] as? [[String: Any]] ?? []
    #expect(funcs.count == 1)
    #expect(funcs.first?["object"] as? String == "ext4")
    #expect(funcs.first?["oldName"] as? String == "ext4_sync_file")
    #expect(funcs.first?["change"] as? String == "added")
    let arrays = livepatch?["arrays"] as? [[String: Any]] ?? []
    #expect(arrays.count == 1 && arrays.first?["symbol"] as? String == "ext4_funcs")
  }

  @Test func identicalInputsGiveAnEmptyDiff() throws {
    let file = Fixtures.path("modules/6.1/dwarf5/livepatch-sample.ko")
    let r = try CLI.run(["diff", file, file])
    #expect(r.status == 0)
    #expect(r.stdout == "add/remove: 0/0 grow/shrink: 0/0 up/down: 0/0 (0)\n")
  }

  /// The 6.1 and 6.12 builds of the same sample: the klp types keep their sizes, and
  /// what changed in the kernel around them (struct module grew by 384 bytes) shows.
  @Test func sampleModuleAcrossKernelVersions() throws {
    let json = try Self.json([
      "diff", Fixtures.path("modules/6.1/dwarf5/livepatch-sample.ko"),
      Fixtures.path("modules/6.12/dwarf5/livepatch-sample.ko"),
      "--format", "json",
    ])
    let types = json["types"] as? [[String: Any]] ?? []
    let byName = Dictionary(
      types.map { ("\($0["kind"] as? String ?? "") \($0["name"] as? String ?? "")", $0) }
    ) { a, _ in a }
    #expect(byName["struct klp_func"] == nil && byName["struct klp_object"] == nil)
    #expect(
      byName["struct module"]?["oldSize"] as? Int == 896
        && byName["struct module"]?["newSize"] as? Int == 1280)
    #expect(byName["struct module_memory"]?["change"] as? String == "added")
    let summary = json["summary"] as? [String: Int]
    let up = types.compactMap { t -> Int? in
      let d = (t["newSize"] as? Int ?? 0) - (t["oldSize"] as? Int ?? 0)
      return d > 0 ? d : nil
    }.reduce(0, +)
    #expect(summary?["up"] == up)
    let livepatch = json["livepatch"] as? [String: Any]
    #expect((livepatch?["funcs"] as? [Any])?.isEmpty == true)
  }
}

/// `baseline` then `check`: exit 0 within budget, 1 beyond it, with a report naming the
/// type and the member that caused it.
struct CheckCommandTests {
  static func baseline(_ file: String, extra: [String] = []) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
      "klp-baseline-\(UUID().uuidString).json"
    ).path
    let r = try CLI.run(["baseline", Fixtures.path(file), "-o", path] + extra)
    #expect(r.status == 0, "\(r.stderr)")
    return path
  }

  @Test func sameBuildPasses() throws {
    let b = try Self.baseline("modules/6.1/dwarf5/livepatch-sample.ko")
    defer { try? FileManager.default.removeItem(atPath: b) }
    let r = try CLI.run([
      "check", Fixtures.path("modules/6.1/dwarf5/livepatch-sample.ko"), "--baseline", b,
    ])
    #expect(r.status == 0)
    #expect(r.stdout.hasPrefix("PASS: 5 types"))
  }

  @Test func growthFailsWithTheMemberThatCausedIt() throws {
    let b = try Self.baseline("diff/x86_64/member_added.v1.o", extra: ["-t", "conn"])
    defer { try? FileManager.default.removeItem(atPath: b) }
    let new = Fixtures.path("diff/x86_64/member_added.v2.o")
    let markdown = try CLI.run(["check", new, "--baseline", b, "--format", "markdown"])
    #expect(markdown.status == 1)
    #expect(markdown.stdout.contains("| `struct conn` | over budget | 32 | 40 | +8 | 32 |"))
    #expect(markdown.stdout.contains("| `+` | `cookie` | added at 16, 8 bytes |"))
    let github = try CLI.run(["check", new, "--baseline", b, "--format", "github"])
    #expect(github.status == 1)
    #expect(github.stdout.hasPrefix("::error file="))
    #expect(try CLI.run(["check", new, "--baseline", b, "--max-growth", "8"]).status == 0)
    #expect(
      try CLI.run(["check", new, "--baseline", b, "--max-growth", "8", "--budget", "conn=36"])
        .status == 1)
  }

  @Test func budgetsKeptInTheBaselineApply() throws {
    let b = try Self.baseline(
      "modules/6.1/dwarf5/livepatch-sample.ko", extra: ["--budget", "klp_func=144"])
    defer { try? FileManager.default.removeItem(atPath: b) }
    let r = try CLI.run([
      "check", Fixtures.path("modules/6.1/dwarf5/livepatch-sample.ko"), "--baseline", b, "--format",
      "json",
    ])
    #expect(r.status == 1)
    #expect(r.stdout.contains("\"limit\" : 144"))
  }

  @Test func aBadBaselineIsAnInputError() throws {
    let r = try CLI.run([
      "check", Fixtures.path("modules/6.1/dwarf5/livepatch-sample.ko"), "--baseline",
      Fixtures.path("special/not-elf.ko"),
    ])
    #expect(r.status == 2)
    #expect(r.stderr.contains("not a klp-layout baseline"))
  }
}
