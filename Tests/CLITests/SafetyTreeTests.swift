import Foundation
import TestSupport
import Testing

/// `safety` over trees that would let a gate pass without comparing: symlinked roots and
/// directories, links out of the tree and in loops, unreadable directories, empty trees,
/// objects without DWARF; and a change seen through many objects reported once.
struct SafetyTreeTests {
  static let data = "safety-data/x86_64/plain"

  /// `orig/` and `patched/` under a fresh directory, each with `files` copied from the
  /// corpus (relative path in the tree → case name).
  static func trees(_ files: [String: String]) throws -> URL {
    let base = try Scratch.directory("klp-safety-tree")
    for (side, from) in [("orig", "orig"), ("patched", "patched")] {
      try FileManager.default.createDirectory(
        at: base.appendingPathComponent(side), withIntermediateDirectories: true)
      for (path, name) in files {
        let target = base.appendingPathComponent("\(side)/\(path)")
        try FileManager.default.createDirectory(
          at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
          atPath: Fixtures.path("\(data)/\(from)/\(name).o"), toPath: target.path)
      }
    }
    return base
  }

  static func run(_ orig: URL, _ patched: URL, format: String = "json") throws -> CLIResult {
    try CLI.run(["safety", orig.path, patched.path, "--format", format])
  }

  static func json(_ r: CLIResult) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
  }

  static func names(_ d: [String: Any]) -> [String] {
    (d["changes"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
  }

  static func files(_ d: [String: Any]) -> [String: Any] { d["files"] as? [String: Any] ?? [:] }

  @Test func symlinkedRootsAreFollowed() throws {
    let base = try Self.trees(["sub/global_init.o": "global_init"])
    defer { try? FileManager.default.removeItem(at: base) }
    for side in ["orig", "patched"] {
      try FileManager.default.createSymbolicLink(
        atPath: base.appendingPathComponent(side.uppercased()).path,
        withDestinationPath: base.appendingPathComponent(side).path)
    }
    let r = try Self.run(
      base.appendingPathComponent("ORIG"), base.appendingPathComponent("PATCHED"))
    #expect(r.status == 1, "\(r.stderr)")
    #expect(Self.names(try Self.json(r)) == ["conn_timeout"])
  }

  @Test func linksInsideTheTreeAreFollowedAndLinksOutReported() throws {
    let base = try Self.trees(["real/global_init.o": "global_init"])
    defer { try? FileManager.default.removeItem(at: base) }
    let outside = try Self.trees(["file_static_init.o": "file_static_init"])
    defer { try? FileManager.default.removeItem(at: outside) }
    for side in ["orig", "patched"] {
      let tree = base.appendingPathComponent(side)
      // Inside: followed; a loop back up: not walked forever.
      try FileManager.default.createSymbolicLink(
        atPath: tree.appendingPathComponent("link").path, withDestinationPath: "real")
      try FileManager.default.createSymbolicLink(
        atPath: tree.appendingPathComponent("real/up").path, withDestinationPath: "..")
      try FileManager.default.createSymbolicLink(
        atPath: tree.appendingPathComponent("away").path,
        withDestinationPath: outside.appendingPathComponent(side).path)
    }
    let r = try Self.run(
      base.appendingPathComponent("orig"), base.appendingPathComponent("patched"))
    #expect(r.status == 2, "\(r.stderr)")
    #expect(r.stderr.hasPrefix("klp-layout: safety: 2 entries could not be read or compared"))
    let d = try Self.json(r)
    // The change under the followed link is still found, and reported once for both paths.
    let change = try #require((d["changes"] as? [[String: Any]])?.first)
    #expect(change["files"] as? [String] == ["link/global_init.o", "real/global_init.o"])
    #expect(change["count"] as? Int == 2)
    let unreadable = Self.files(d)["unreadable"] as? [[String: Any]] ?? []
    #expect(unreadable.map { $0["side"] as? String } == ["old", "new"])
    #expect(unreadable.allSatisfy { $0["path"] as? String == "away" })
    #expect(
      unreadable.allSatisfy {
        ($0["reason"] as? String)?.contains("symbolic link to a directory outside the tree") == true
      })
    #expect(d["verdict"] as? String == "unsafe")
  }

  /// Two directories that link to each other: each walked once through the other, never
  /// in circles.
  @Test func linksInACircleEndTheWalk() throws {
    let base = try Self.trees(["a/global_init.o": "global_init"])
    defer { try? FileManager.default.removeItem(at: base) }
    for side in ["orig", "patched"] {
      let tree = base.appendingPathComponent(side)
      try FileManager.default.createDirectory(
        at: tree.appendingPathComponent("b"), withIntermediateDirectories: true)
      try FileManager.default.createSymbolicLink(
        atPath: tree.appendingPathComponent("a/to-b").path, withDestinationPath: "../b")
      try FileManager.default.createSymbolicLink(
        atPath: tree.appendingPathComponent("b/to-a").path, withDestinationPath: "../a")
    }
    let r = try CLI.run(
      [
        "safety", base.appendingPathComponent("orig").path,
        base.appendingPathComponent("patched").path, "--format", "json",
      ], limits: (60, 2048))
    #expect(r.status == 1 && !r.timedOut, "\(r.stderr)")
    let change = try #require((try Self.json(r)["changes"] as? [[String: Any]])?.first)
    #expect(change["files"] as? [String] == ["a/global_init.o", "b/to-a/global_init.o"])
  }

  @Test func emptyTreesAreNoPass() throws {
    let base = try Scratch.directory("klp-safety-empty")
    defer { try? FileManager.default.removeItem(at: base) }
    for side in ["orig", "patched"] {
      try FileManager.default.createDirectory(
        at: base.appendingPathComponent(side), withIntermediateDirectories: true)
    }
    let r = try Self.run(
      base.appendingPathComponent("orig"), base.appendingPathComponent("patched"))
    #expect(r.status == 2)
    #expect(r.stderr.contains("no pair of files to compare"))
    #expect(try Self.json(r)["verdict"] as? String == "incomplete")
  }

  @Test func objectsStrippedOnBothSidesAreNoPass() throws {
    let base = try Self.trees([:])
    defer { try? FileManager.default.removeItem(at: base) }
    for side in ["orig", "patched"] {
      _ = try Subprocess(
        "/usr/bin/strip",
        [
          "--strip-debug", "-o", base.appendingPathComponent("\(side)/global_init.o").path,
          Fixtures.path("\(Self.data)/\(side)/global_init.o"),
        ]
      ).succeed()
    }
    let r = try Self.run(
      base.appendingPathComponent("orig"), base.appendingPathComponent("patched"))
    #expect(r.status == 2)
    let d = try Self.json(r)
    #expect(Self.files(d)["withoutDebugInfo"] as? [String] == ["global_init.o"])
    #expect(d["verdict"] as? String == "incomplete")
  }

  /// As an unprivileged user (setpriv), a directory that cannot be listed on one side
  /// is listed, and the objects only the other side shows are not a pass.
  @Test(
    .enabled(
      if: Host.isRoot && Host.has("/usr/bin/setpriv"),
      "needs root and setpriv to run as another user"))
  func anUnreadableDirectoryIsNoPass() throws {
    let base = URL(fileURLWithPath: "/tmp/klp-safety-locked-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: base) }
    for side in ["orig", "patched"] {
      let locked = base.appendingPathComponent("\(side)/locked")
      try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
      try FileManager.default.copyItem(
        atPath: Fixtures.path("\(Self.data)/\(side)/global_init.o"),
        toPath: locked.appendingPathComponent("global_init.o").path)
      for path in [base.path, base.appendingPathComponent(side).path, locked.path] {
        _ = chmod(path, 0o755)
      }
      _ = chmod(locked.appendingPathComponent("global_init.o").path, 0o644)
    }
    _ = chmod(base.appendingPathComponent("orig/locked").path, 0o700)
    let r = try Subprocess(
      "/usr/bin/setpriv",
      [
        "--reuid=65534", "--regid=65534", "--clear-groups", CLI.executable.path, "safety",
        base.appendingPathComponent("orig").path, base.appendingPathComponent("patched").path,
        "--format", "json",
      ]
    ).run()
    #expect(r.status == 2, "\(r.errors)")
    let d = try #require(try JSONSerialization.jsonObject(with: r.stdout) as? [String: Any])
    let unreadable = Self.files(d)["unreadable"] as? [[String: Any]] ?? []
    #expect(unreadable.count == 1 && unreadable.first?["side"] as? String == "old")
    #expect((unreadable.first?["reason"] as? String)?.contains("Permission denied") == true)
    #expect(Self.files(d)["onlyInNew"] as? [String] == ["locked/global_init.o"])
  }

  @Test func pairsDifferingOnlyInNotesAreEquivalent() throws {
    let base = try Self.trees([:])
    defer { try? FileManager.default.removeItem(at: base) }
    for (side, note) in [("orig", "AAAA"), ("patched", "BBBB")] {
      let bytes = base.appendingPathComponent("\(side).note")
      try Data(note.utf8).write(to: bytes)
      _ = try Subprocess(
        "/usr/bin/objcopy",
        [
          "--add-section", ".note.klp-test=\(bytes.path)",
          Fixtures.path("\(Self.data)/orig/global_init.o"),
          base.appendingPathComponent("\(side)/global_init.o").path,
        ]
      ).succeed()
    }
    let r = try Self.run(
      base.appendingPathComponent("orig"), base.appendingPathComponent("patched"))
    #expect(r.status == 0, "\(r.stderr)")
    let files = Self.files(try Self.json(r))
    #expect(files["equivalent"] as? Int == 1 && files["compared"] as? Int == 0)
  }

  /// The same changes through three objects: one finding each, listing the three.
  @Test func oneFindingPerEntityAcrossATree() throws {
    let base = try Self.trees([
      "a/global_init.o": "global_init", "b/global_init.o": "global_init",
      "c/global_init.o": "global_init", "c/file_static_init.o": "file_static_init",
    ])
    defer { try? FileManager.default.removeItem(at: base) }
    let r = try Self.run(
      base.appendingPathComponent("orig"), base.appendingPathComponent("patched"))
    #expect(r.status == 1)
    let changes = try Self.json(r)["changes"] as? [[String: Any]] ?? []
    #expect(changes.map { $0["name"] as? String } == ["conn_timeout", "max_conns"])
    #expect(
      changes.first?["files"] as? [String] == [
        "a/global_init.o", "b/global_init.o", "c/global_init.o",
      ])
    #expect(changes.first?["count"] as? Int == 3 && changes.last?["count"] as? Int == 1)
    let text = try Self.run(
      base.appendingPathComponent("orig"), base.appendingPathComponent("patched"), format: "text")
    #expect(text.stdout.hasPrefix("UNSAFE: 2 changes a livepatch cannot carry\n2 unsafe changes"))
    #expect(
      text.stdout.contains(
        "[unsafe] variable conn_timeout at safety/data/global_init.c:17 in 3 objects: a/global_init.o, b/global_init.o, c/global_init.o"
      ))
  }

  @Test func sourcePrefixMapRewritesDeclarationFiles() throws {
    let r = try CLI.run([
      "safety", Fixtures.path("\(Self.data)/orig/global_init.o"),
      Fixtures.path("\(Self.data)/patched/global_init.o"), "--format", "github",
      "--source-prefix-map", "safety/=Fixtures/src/safety/",
    ])
    #expect(r.status == 1)
    #expect(
      r.stdout.hasPrefix(
        "::error file=Fixtures/src/safety/data/global_init.c,line=17,title=klp-layout safety%3A variable conn_timeout::"
      ), "\(r.stdout)")
    let bad = try CLI.run([
      "safety", Fixtures.path("\(Self.data)/orig/global_init.o"),
      Fixtures.path("\(Self.data)/patched/global_init.o"), "--source-prefix-map", "nothing",
    ])
    #expect(bad.status == 2 && bad.stderr.contains("--source-prefix-map expects OLD=NEW"))
  }

  /// Names with a newline, an ESC and a `|` reach no output raw: no forged annotation
  /// line, no split Markdown cell, no terminal sequence in the runner's log.
  @Test func hostileNamesAreEscapedInEveryFormat() throws {
    let base = try Self.trees(["evil\n::error ::forged|\u{1B}]8;;x.o": "global_init"])
    defer { try? FileManager.default.removeItem(at: base) }
    for format in ["text", "markdown", "github"] {
      let r = try Self.run(
        base.appendingPathComponent("orig"), base.appendingPathComponent("patched"),
        format: format)
      #expect(r.status == 1, "\(format): \(r.stderr)")
      let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false)
      #expect(!lines.contains { $0.hasPrefix("::error ::forged") }, "\(format)")
      #expect(
        r.stdout.contains("evil\\n::error") || r.stdout.contains("evil%0A::error"), "\(format)")
      #expect(!r.stdout.contains("\u{1B}") && r.stdout.contains("\\x1b]8;;"), "\(format)")
      if format == "markdown" {
        // In a heading's code span a `|` needs no backslash (CommonMark would show it).
        let heading = lines.first { $0.hasPrefix("#### ") && $0.contains("forged") } ?? ""
        #expect(heading.contains("forged|") && !heading.contains("\\|"), "\(heading)")
      }
    }
  }
}
