import Foundation
import TestSupport
import Testing

/// `scan` over the fixture tree: every livepatch fixture found with the counts the
/// independent oracle gives, unreadable files listed without stopping the scan, and
/// stripped modules completed from a Debian-style debug directory.
struct ScanCommandTests {
  static func scan(_ args: [String]) throws -> [String: Any] {
    let r = try CLI.run(["scan"] + args + ["--format", "json"])
    #expect(r.status == 0, "\(r.stderr)")
    return try #require(
      try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
  }

  @Test func findsEveryLivepatchFixtureWithItsCounts() throws {
    let json = try Self.scan([Fixtures.path("modules"), "--jobs", "2"])
    let modules = json["modules"] as? [[String: Any]] ?? []
    #expect(modules.count == Fixtures.files(under: "modules", suffixes: [".ko"]).count)
    for module in modules {
      let relative = "modules/" + (module["path"] as? String ?? "")
      #expect(module["directory"] as? String == Fixtures.path("modules"))
      let oracleText = try #require(Fixtures.oracle(for: relative, kind: "klp.json"), "\(relative)")
      let oracle = try #require(
        try JSONSerialization.jsonObject(with: Data(oracleText.utf8)) as? [String: Any])
      let objects = (oracle["patches"] as? [[String: Any]] ?? []).flatMap {
        $0["objects"] as? [[String: Any]] ?? []
      }
      let funcs = objects.reduce(0) { $0 + (($1["funcs"] as? [Any])?.count ?? 0) }
      let bytes = (oracle["arrays"] as? [[String: Any]] ?? []).reduce(0) {
        $0 + ($1["bytes"] as? Int ?? 0)
      }
      #expect(module["objects"] as? Int == objects.count, "\(relative)")
      #expect(module["funcs"] as? Int == funcs, "\(relative)")
      #expect(module["staticBytes"] as? Int == bytes, "\(relative)")
      #expect(module["error"] == nil)
    }
    let totals = json["totals"] as? [String: Int]
    #expect(totals?["modules"] == modules.count)
    #expect(
      totals?["livepatchModules"] == modules.filter { $0["livepatch"] as? Bool == true }.count)
  }

  /// `--livepatch-only` lists exactly the modules the independent oracle finds a
  /// klp_patch in (the fixture tree has no records-only or modinfo-only ones).
  @Test func livepatchOnlyListsExactlyTheLivepatchModules() throws {
    let json = try Self.scan([Fixtures.path("modules"), "--livepatch-only", "--jobs", "2"])
    let listed = Set(
      (json["modules"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String })
    var expected = Set<String>()
    for relative in Fixtures.files(under: "modules", suffixes: [".ko"]) {
      let oracleText = try #require(Fixtures.oracle(for: relative, kind: "klp.json"))
      let oracle = try #require(
        try JSONSerialization.jsonObject(with: Data(oracleText.utf8)) as? [String: Any])
      if !(oracle["patches"] as? [Any] ?? []).isEmpty {
        expected.insert(String(relative.dropFirst("modules/".count)))
      }
    }
    #expect(!expected.isEmpty && listed == expected)
    let totals = json["totals"] as? [String: Int]
    #expect(totals?["scanned"] == Fixtures.files(under: "modules", suffixes: [".ko"]).count)
    #expect(totals?["modules"] == expected.count)
  }

  @Test func colorFollowsTheChoiceAndNoColor() throws {
    let dir = Fixtures.path("modules/6.1/dwarf5")
    #expect(try CLI.run(["scan", dir, "--color", "always"]).stdout.contains("\u{1B}[32m"))
    #expect(try !CLI.run(["scan", dir, "--color", "never"]).stdout.contains("\u{1B}["))
    // Not a terminal: auto never colours, whatever NO_COLOR says.
    #expect(try !CLI.run(["scan", dir]).stdout.contains("\u{1B}["))
  }

  @Test func unreadableFilesAreListedNotFatal() throws {
    let json = try Self.scan([Fixtures.path("special")])
    let modules = json["modules"] as? [[String: Any]] ?? []
    let errors = modules.filter { $0["error"] != nil }.compactMap {
      ($0["path"] as? String).map { ($0 as NSString).lastPathComponent }
    }
    #expect(
      Set(errors) == [
        "empty.ko", "not-elf.ko", "livepatch-sample.truncated.ko", "livepatch-sample.stripped.ko",
      ])
    let stripped = modules.first { ($0["path"] as? String)?.hasSuffix("stripped.ko") == true }
    #expect(stripped?["livepatch"] as? Bool == true, "modinfo says livepatch=Y even without DWARF")
    #expect((json["totals"] as? [String: Int])?["errors"] == 4)
  }

  /// Debian's -dbg layout: /usr/lib/debug/lib/modules/REL/... mirrors /lib/modules/REL/...
  @Test func strippedModulesUseTheDebugDirectory() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent(
      "klp-scan-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    let modules = root.appendingPathComponent("lib/modules/6.1.0-test/extra")
    let debug = root.appendingPathComponent("debug/lib/modules/6.1.0-test/extra")
    try FileManager.default.createDirectory(at: modules, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(at: debug, withIntermediateDirectories: true)
    try FileManager.default.copyItem(
      atPath: Fixtures.path("special/livepatch-sample.stripped.ko"),
      toPath: modules.appendingPathComponent("livepatch-sample.ko").path)
    try FileManager.default.copyItem(
      atPath: Fixtures.path("modules/6.1/dwarf5/livepatch-sample.ko"),
      toPath: debug.appendingPathComponent("livepatch-sample.ko").path)
    let json = try Self.scan([
      root.appendingPathComponent("lib/modules").path, "--debug-dir",
      root.appendingPathComponent("debug").path,
    ])
    let module = try #require((json["modules"] as? [[String: Any]])?.first)
    #expect(module["error"] == nil, "\(module)")
    #expect(module["funcs"] as? Int == 1 && module["staticBytes"] as? Int == 840)
    #expect(
      (module["debugFile"] as? String)?.hasSuffix(
        "debug/lib/modules/6.1.0-test/extra/livepatch-sample.ko") == true)
  }

  /// Fedora's layout: /usr/lib/debug/.build-id/xx/yyyy.debug, found by the module's
  /// NT_GNU_BUILD_ID note (b11a2b26… for the stripped sample).
  @Test func strippedModulesUseABuildIDTree() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent(
      "klp-buildid-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    let debug = root.appendingPathComponent("debug/.build-id/b1")
    try FileManager.default.createDirectory(at: debug, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(
      at: root.appendingPathComponent("modules"), withIntermediateDirectories: true)
    try FileManager.default.copyItem(
      atPath: Fixtures.path("special/livepatch-sample.stripped.ko"),
      toPath: root.appendingPathComponent("modules/livepatch-sample.ko").path)
    try FileManager.default.copyItem(
      atPath: Fixtures.path("modules/6.1/dwarf5/livepatch-sample.ko"),
      toPath: debug.appendingPathComponent("1a2b261b455eb3b8f44bc1dbfb886dbf5de566.debug").path)
    let json = try Self.scan([
      root.appendingPathComponent("modules").path, "--debug-dir",
      root.appendingPathComponent("debug").path,
    ])
    let module = try #require((json["modules"] as? [[String: Any]])?.first)
    #expect(module["error"] == nil, "\(module)")
    #expect(module["funcs"] as? Int == 1)
    #expect(
      (module["debugFile"] as? String)?.hasSuffix(
        ".build-id/b1/1a2b261b455eb3b8f44bc1dbfb886dbf5de566.debug") == true)
  }
}
