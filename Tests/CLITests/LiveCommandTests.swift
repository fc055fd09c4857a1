import Foundation
import TestSupport
import Testing

/// `klp-layout live --root` on the sysfs-shaped trees of `Fixtures/live/`, against the
/// reports `scripts/live-oracle` wrote from the trees and the klp oracles, without
/// klp-layout (Fixtures/README.md, "Live sysfs trees").
@Suite struct LiveCommandTests {
  static let live = "Fixtures/live/"

  static func run(_ arguments: [String]) throws -> (json: [String: Any], result: CLIResult) {
    let r = try GoldenFile.run(["live"] + arguments + ["--format", "json"])
    let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
    return (json ?? [:], r)
  }

  static func expected(_ scenario: String) throws -> [String: Any] {
    let data = try Data(
      contentsOf: Fixtures.root.appendingPathComponent("live/\(scenario).expected.json"))
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
  }

  /// `actual` restricted to the keys `expected` has, recursively (the report may say more).
  static func restricted(_ actual: Any?, to expected: Any) -> Any? {
    switch (actual, expected) {
    case (let a as [String: Any], let e as [String: Any]):
      var out: [String: Any] = [:]
      for (key, value) in e { out[key] = restricted(a[key], to: value) ?? NSNull() }
      return out
    case (let a as [Any], let e as [Any]):
      guard let shape = e.first else { return a }
      return a.map { restricted($0, to: shape) ?? NSNull() }
    default:
      return actual
    }
  }

  /// The static klp bytes of each module (the sum of its klp oracle's arrays).
  static let moduleKlpBytes: [String: Int] = [
    "livepatch_sample": 840, "test_klp_livepatch": 840, "test_klp_atomic_replace": 840,
    "livepatch_shadow_fix1": 992, "livepatch_shadow_fix2": 992, "livepatch_callbacks_demo": 1328,
  ]

  @Test(arguments: [
    ("stacked", [String]()), ("replace-in-transition", []), ("object-not-loaded", []),
    ("object-not-loaded", ["--modules", "Fixtures/modules/6.1/dwarf5"]), ("hostile-names", []),
  ])
  func reportMatchesTheOracle(_ scenario: String, _ extra: [String]) throws {
    let expected = try Self.expected(scenario)
    let (json, r) = try Self.run(["--root", Self.live + scenario] + extra)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stderr.isEmpty)
    let actual = Self.restricted(json, to: expected) as? NSDictionary
    #expect(actual == expected as NSDictionary, "\(scenario)")
    #expect((json["unreadable"] as? [Any])?.isEmpty == true)
    #expect(json["release"] as? String == "6.1.0-56-amd64")
    // klp bytes: the module's static data when its file is found, else counted from
    // sysfs with the BTF's sizes (klp_patch 200, klp_object 168, klp_func 152).
    for patch in json["patches"] as? [[String: Any]] ?? [] {
      let name = patch["name"] as? String ?? ""
      let objects = patch["objects"] as? [[String: Any]] ?? []
      let funcs = objects.reduce(0) { $0 + (($1["funcs"] as? [Any])?.count ?? 0) }
      if patch["moduleFile"] is String {
        #expect(patch["klpBytesSource"] as? String == "module")
        #expect(patch["klpBytes"] as? Int == Self.moduleKlpBytes[name], "\(name)")
      } else {
        #expect(patch["klpBytesSource"] as? String == "sysfs")
        #expect(patch["klpBytes"] as? Int == 200 + 168 * objects.count + 152 * funcs, "\(name)")
      }
    }
    // The owner's func is a no-op exactly when the oracle lists it among its no-ops.
    let expectedNops = Dictionary(
      uniqueKeysWithValues: (expected["patches"] as? [[String: Any]] ?? []).map { p in
        (
          p["name"] as? String ?? "",
          Set((p["nops"] as? [[String: Any]] ?? []).map { "\($0["object"]!) \($0["name"]!)" })
        )
      })
    for f in json["functions"] as? [[String: Any]] ?? [] {
      guard let owner = f["owner"] as? String else { continue }
      let key = "\(f["object"]!) \(f["name"]!)"
      #expect(f["ownerIsNop"] as? Bool == expectedNops[owner]?.contains(key), "\(key)")
    }
    let withFiles = ["stacked", "replace-in-transition"].contains(scenario) || !extra.isEmpty
    let files = (json["patches"] as? [[String: Any]] ?? []).compactMap {
      $0["moduleFile"] as? String
    }
    #expect(files.count == (withFiles ? (json["patches"] as? [Any])?.count : 0))
  }

  @Test func noLivepatchIsOneLine() throws {
    let expected = try Self.expected("no-livepatch")
    let r = try GoldenFile.run(["live", "--root", Self.live + "no-livepatch"])
    #expect(r.status == Int32(expected["exitStatus"] as? Int ?? -1))
    #expect(r.stdout.isEmpty)
    #expect(r.stderr == "klp-layout: " + (expected["message"] as? String ?? "") + "\n")
  }

  /// A copy of `Fixtures/live` (symlinks kept, the FIFO made): what git cannot store.
  static func copy() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "klp-live-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let cp = Process()
    cp.executableURL = URL(fileURLWithPath: "/bin/cp")
    cp.arguments = ["-a", Fixtures.path("live"), dir.path]
    try cp.run()
    cp.waitUntilExit()
    #expect(cp.terminationStatus == 0)
    let fifo = dir.appendingPathComponent(
      "live/hostile/sys/kernel/livepatch/livepatch_shadow_fix1/enabled")
    try? FileManager.default.removeItem(at: fifo)
    #expect(mkfifo(fifo.path, 0o644) == 0)
    return dir.appendingPathComponent("live")
  }

  /// Symlinks out of the root, a FIFO, garbage: exit 2 after the report, promptly, one
  /// escaped line on stderr, nothing read from outside the root.
  @Test(.timeLimit(.minutes(1))) func hostileTreeFailsClosed() throws {
    let live = try Self.copy()
    defer { try? FileManager.default.removeItem(at: live.deletingLastPathComponent()) }
    for format in ["json", "text", "markdown", "html"] {
      let r = try CLI.run(
        ["live", "--root", live.appendingPathComponent("hostile").path, "--format", format],
        limits: (seconds: 20, memoryMB: 2048))
      #expect(!r.timedOut && !r.signaled, "\(format): it blocked or crashed")
      #expect(r.status == 2, "\(format)")
      let lines = r.stderr.split(separator: "\n")
      #expect(lines.count == 1, "\(format): \(r.stderr)")
      let escapes = r.stderr.utf8.filter { $0 == 0x1B }
      #expect(escapes.isEmpty && r.stderr.hasSuffix("\n"))
      #expect(!r.stdout.contains("root:x:0:0"), "\(format): /etc/passwd was read")
      let rawEscapes = r.stdout.utf8.filter { $0 == 0x1B }
      if format != "json" { #expect(rawEscapes.isEmpty, "\(format): a raw ESC") }
      guard format == "json" else { continue }
      let json = try #require(
        JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
      let names = (json["patches"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
      #expect(
        Set(names) == [
          "livepatch_sample", "klp_hostile", "test_klp_livepatch", "livepatch_shadow_fix1",
        ])
      let unreadable = (json["unreadable"] as? [[String: Any]] ?? []).compactMap {
        $0["path"] as? String
      }
      let prefix = "sys/kernel/livepatch/"
      #expect(
        Set(unreadable)
          == Set(
            [
              "escape", "escape-patch", "livepatch_sample/transition",
              "livepatch_shadow_fix1/enabled",
              "test_klp_livepatch/stack_order",
            ].map { prefix + $0 }))
      // Its order unknown, test_klp_livepatch makes cmdline_proc_show's owner unknown.
      let cmdline = (json["functions"] as? [[String: Any]] ?? []).first {
        $0["name"] as? String == "cmdline_proc_show"
      }
      #expect(cmdline?["ownerFrom"] as? String == "unknown")
      #expect(cmdline?["owner"] is NSNull)
    }
  }

  /// Edits a copy of a scenario, then reads it.
  static func edited(
    _ scenario: String, _ edit: (URL) throws -> Void
  ) throws -> (json: [String: Any], result: CLIResult) {
    let live = try Self.copy()
    defer { try? FileManager.default.removeItem(at: live.deletingLastPathComponent()) }
    let root = live.appendingPathComponent(scenario)
    try edit(root.appendingPathComponent("sys/kernel/livepatch"))
    return try Self.run(["--root", root.path])
  }

  /// `datasize` (CONFIG_ARCH_WANTS_MODULES_DATA_IN_VMALLOC: `coresize` is then text
  /// only) counts in the module's bytes.
  @Test func datasizeCountsWhereTheKernelHasIt() throws {
    let (json, r) = try Self.edited("stacked") { patches in
      let module = patches.appendingPathComponent("../../module/livepatch_sample/datasize")
      try "4096\n".write(to: module, atomically: false, encoding: .utf8)
    }
    #expect(r.status == 0, "\(r.stderr)")
    let patch = (json["patches"] as? [[String: Any]] ?? []).first {
      $0["name"] as? String == "livepatch_sample"
    }
    #expect(patch?["dataBytes"] as? Int == 4096)
    #expect((json["totals"] as? [String: Any])?["moduleBytes"] as? Int == 32768 + 4096)
  }

  static func remove(_ file: String, from patches: URL) throws {
    for patch in try FileManager.default.contentsOfDirectory(atPath: patches.path) {
      try? FileManager.default.removeItem(at: patches.appendingPathComponent(patch + "/" + file))
    }
  }

  static func function(_ json: [String: Any], _ name: String) -> [String: Any]? {
    (json["functions"] as? [[String: Any]] ?? []).first { $0["name"] as? String == name }
  }

  /// A 6.1 kernel: no stack_order, no replace. Two enabled patches of one function:
  /// the order is not shown, so its owner is one of them, said so, never guessed.
  @Test func withoutStackOrderTheOwnerIsNotGuessed() throws {
    let (json, r) = try Self.edited("stacked") { patches in
      try Self.remove("stack_order", from: patches)
      try Self.remove("replace", from: patches)
    }
    #expect(r.status == 0, "\(r.stderr)")
    let f = try #require(Self.function(json, "cmdline_proc_show"))
    #expect(f["owner"] is NSNull)
    #expect(f["ownerFrom"] as? String == "unknown")
    #expect(f["undecided"] as? [String] == ["livepatch_sample", "test_klp_livepatch"])
    let patches = json["patches"] as? [[String: Any]] ?? []
    #expect(patches.allSatisfy { $0["stackOrder"] is NSNull && $0["replace"] is NSNull })
    let notes = (json["notes"] as? [String] ?? []).joined(separator: "\n")
    #expect(notes.contains("stack_order") && notes.contains("6.13"))
    #expect(notes.contains("replace") && notes.contains("6.11"))
  }

  /// Without stack_order, one candidate is still the owner whatever the order.
  @Test func withoutStackOrderASingleCandidateOwns() throws {
    let (json, _) = try Self.edited("hostile-names") { patches in
      try Self.remove("stack_order", from: patches)
    }
    let f = try #require(Self.function(json, "cmdline_proc_show"))
    #expect(f["owner"] as? String == "livepatch_sample")
    #expect(f["ownerFrom"] as? String == "only")
  }

  /// A 6.12 kernel (replace, no stack_order): an enabled replace patch out of its
  /// transition is older than every other enabled patch (klp_unpatch_replaced_patches()
  /// disabled the older ones when it completed).
  @Test func aSettledReplacePatchIsTheOldest() throws {
    let (json, _) = try Self.edited("stacked") { patches in
      try Self.remove("stack_order", from: patches)
      try "1\n".write(
        to: patches.appendingPathComponent("livepatch_sample/replace"), atomically: false,
        encoding: .utf8)
    }
    let f = try #require(Self.function(json, "cmdline_proc_show"))
    #expect(f["owner"] as? String == "test_klp_livepatch")
    #expect(f["shadows"] as? [String] == ["livepatch_sample"])
    #expect(f["ownerFrom"] as? String == "replace")
  }

  /// A disabled patch, or an object not patched, is on no func_stack.
  @Test func disabledPatchesOwnNothing() throws {
    let (json, _) = try Self.edited("stacked") { patches in
      try "0\n".write(
        to: patches.appendingPathComponent("test_klp_livepatch/enabled"), atomically: false,
        encoding: .utf8)
    }
    let f = try #require(Self.function(json, "cmdline_proc_show"))
    #expect(f["owner"] as? String == "livepatch_sample")
    #expect(f["shadows"] as? [String] == [])
  }

  /// A module file that is not the loaded build (its .BTF is not the one the kernel
  /// shows), or not the module at all: not used, and said so.
  @Test(arguments: ["btf", "name"]) func aModuleFileOfAnotherBuildIsNotUsed(_ how: String) throws {
    let live = try Self.copy()
    defer { try? FileManager.default.removeItem(at: live.deletingLastPathComponent()) }
    let root = live.appendingPathComponent("stacked")
    if how == "btf" {
      let btf = root.appendingPathComponent("sys/kernel/btf")
      try FileManager.default.removeItem(at: btf.appendingPathComponent("livepatch_sample"))
      try FileManager.default.copyItem(
        at: btf.appendingPathComponent("test_klp_livepatch"),
        to: btf.appendingPathComponent("livepatch_sample"))
    } else {
      let extra = root.appendingPathComponent("lib/modules/6.1.0-56-amd64/extra")
      try FileManager.default.removeItem(at: extra.appendingPathComponent("livepatch-sample.ko"))
      try FileManager.default.copyItem(
        at: extra.appendingPathComponent("test_klp_livepatch.ko"),
        to: extra.appendingPathComponent("livepatch-sample.ko"))
    }
    let (json, r) = try Self.run(["--root", root.path])
    #expect(r.status == 0)
    let patch = (json["patches"] as? [[String: Any]] ?? []).first {
      $0["name"] as? String == "livepatch_sample"
    }
    #expect(patch?["klpBytesSource"] as? String == "sysfs")
    #expect(patch?["moduleFile"] is NSNull)
    let notes = (json["notes"] as? [String] ?? []).filter { $0.contains("not used") }
    #expect(notes.count == 1, "\(notes)")
    #expect(notes.first?.contains(how == "btf" ? ".BTF differs" : "names another module") == true)
  }

  /// `lib` → `usr/lib` (merged /usr), or an absolute link, in a copy of a machine:
  /// followed as if the root were `/`, never out of it.
  @Test(arguments: ["usr/lib", "/usr/lib", "../../../../../usr/lib"])
  func modulesDirectoryLinksStayInTheRoot(_ link: String) throws {
    let live = try Self.copy()
    defer { try? FileManager.default.removeItem(at: live.deletingLastPathComponent()) }
    let root = live.appendingPathComponent("stacked")
    let usr = root.appendingPathComponent("usr")
    try FileManager.default.createDirectory(at: usr, withIntermediateDirectories: true)
    try FileManager.default.moveItem(
      at: root.appendingPathComponent("lib"), to: usr.appendingPathComponent("lib"))
    try FileManager.default.createSymbolicLink(
      atPath: root.appendingPathComponent("lib").path, withDestinationPath: link)
    let (json, r) = try Self.run(["--root", root.path])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(json["modulesDirectory"] as? String == root.path + "/usr/lib/modules/6.1.0-56-amd64")
    let sources = (json["patches"] as? [[String: Any]] ?? []).map {
      $0["klpBytesSource"] as? String
    }
    #expect(sources == ["module", "module"])
  }

  /// Nothing loaded is a report; a root that is not a directory, or holds no sysfs, is
  /// one line and exit 2.
  @Test func emptyStackAndRootsThatAreNotSysfs() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "klp-live-empty-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    let empty = dir.appendingPathComponent("empty")
    try FileManager.default.createDirectory(
      at: empty.appendingPathComponent("sys/kernel/livepatch"), withIntermediateDirectories: true)
    let r = try GoldenFile.run(["live", "--root", empty.path])
    #expect(r.status == 0 && r.stdout.contains("no livepatch is loaded"), "\(r.stderr)")
    let bare = dir.appendingPathComponent("bare")
    try FileManager.default.createDirectory(at: bare, withIntermediateDirectories: true)
    let file = dir.appendingPathComponent("file")
    try Data().write(to: file)
    for (root, message) in [
      (bare.path, "not a sysfs tree"), (file.path, "cannot open the root"),
      (dir.appendingPathComponent("missing").path, "cannot open the root"),
    ] {
      let r = try GoldenFile.run(["live", "--root", root])
      #expect(r.status == 2 && r.stdout.isEmpty)
      #expect(
        r.stderr.split(separator: "\n").count == 1 && r.stderr.contains(message), "\(r.stderr)")
    }
  }
}
