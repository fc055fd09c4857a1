import Foundation
import TestSupport
import Testing

/// `scan` over trees that fight back: unreadable directories, symlinked arguments,
/// names with control and non-UTF-8 bytes. Nothing is skipped without a word.
struct BoundaryScanTests {
  static let sample = Fixtures.path("modules/6.1/dwarf5/livepatch-sample.ko")

  static func json(_ r: CLIResult) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
  }

  /// As an unprivileged user (setpriv), an unreadable subdirectory is an entry with an
  /// error, counted, and the scan exits 2 after printing everything else.
  @Test(
    .enabled(
      if: Host.isRoot && Host.has("/usr/bin/setpriv"),
      "needs root and setpriv to run as another user"))
  func unreadableDirectoriesAreReportedNotSkipped() throws {
    let dir = URL(fileURLWithPath: "/tmp/klp-boundary-scan-\(UUID().uuidString)")
    try FileManager.default.createDirectory(
      at: dir.appendingPathComponent("locked"), withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    try FileManager.default.copyItem(
      atPath: Self.sample, toPath: dir.appendingPathComponent("ok.ko").path)
    try FileManager.default.copyItem(
      atPath: Self.sample, toPath: dir.appendingPathComponent("locked/hidden.ko").path)
    _ = chmod(dir.path, 0o755)
    _ = chmod(dir.appendingPathComponent("ok.ko").path, 0o644)
    _ = chmod(dir.appendingPathComponent("locked").path, 0o700)
    let result = try Subprocess(
      "/usr/bin/setpriv",
      [
        "--reuid=65534", "--regid=65534", "--clear-groups", CLI.executable.path, "scan", dir.path,
        "--format", "json",
      ]
    ).run()
    let (stdout, stderr) = (result.stdout, result.errors)
    #expect(result.status == 2, "\(stderr)")
    #expect(
      stderr.contains("scan incomplete: 1 entries could not be opened or listed"), "\(stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: stdout) as? [String: Any])
    let modules = json["modules"] as? [[String: Any]] ?? []
    // Paths are relative to the directory scanned, which each module names.
    #expect(modules.allSatisfy { $0["directory"] as? String == dir.path })
    #expect(
      modules.contains {
        $0["path"] as? String == "ok.ko" && $0["error"] == nil && $0["livepatch"] as? Bool == true
      })
    let locked = modules.first { $0["path"] as? String == "locked" }
    #expect((locked?["error"] as? String)?.contains("Permission denied") == true, "\(modules)")
    #expect((json["totals"] as? [String: Any])?["unreadable"] as? Int == 1)
  }

  @Test func aSymlinkArgumentIsFollowed() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "klp-scan-link-\(UUID().uuidString)")
    try FileManager.default.createDirectory(
      at: dir.appendingPathComponent("tree"), withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    try FileManager.default.copyItem(
      atPath: Self.sample, toPath: dir.appendingPathComponent("tree/a.ko").path)
    #expect(
      symlink(dir.appendingPathComponent("tree").path, dir.appendingPathComponent("link").path) == 0
    )
    let r = try CLI.run(["scan", dir.appendingPathComponent("link").path, "--format", "json"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect((try Self.json(r)["totals"] as? [String: Any])?["modules"] as? Int == 1)
  }

  /// Inside the tree, a link to a module in the tree is read; one to a file outside it
  /// (`/etc/shadow`, another tree's module) is an entry with an error, never read (its
  /// bytes are never shown), and the scan exits 2; a link to a directory is not entered.
  @Test func linksLeavingTheTreeAreReportedNotRead() throws {
    let dir = try Scratch.directory("klp-scan-links")
    defer { try? FileManager.default.removeItem(at: dir) }
    let tree = dir.appendingPathComponent("tree")
    try FileManager.default.createDirectory(
      at: tree.appendingPathComponent("sub"), withIntermediateDirectories: true)
    try FileManager.default.copyItem(
      atPath: Self.sample, toPath: tree.appendingPathComponent("sub/a.ko").path)
    try FileManager.default.copyItem(
      atPath: Self.sample, toPath: dir.appendingPathComponent("outside.ko").path)
    for (target, name) in [
      ("sub/a.ko", "inside.ko"), (dir.appendingPathComponent("outside.ko").path, "out.ko"),
      ("/etc/shadow", "sh.ko"), ("sub", "dirlink"),
    ] {
      #expect(symlink(target, tree.appendingPathComponent(name).path) == 0)
    }
    let r = try CLI.run(["scan", tree.path, "--format", "json"])
    #expect(r.status == 2, "\(r.stderr)")
    let modules = try #require(try Self.json(r)["modules"] as? [[String: Any]])
    let byPath = Dictionary(uniqueKeysWithValues: modules.map { ($0["path"] as? String ?? "", $0) })
    #expect(Set(byPath.keys) == ["inside.ko", "out.ko", "sh.ko", "sub/a.ko"])
    #expect(
      byPath["inside.ko"]?["error"] == nil && byPath["inside.ko"]?["livepatch"] as? Bool == true)
    for name in ["out.ko", "sh.ko"] {
      let error = byPath[name]?["error"] as? String ?? ""
      #expect(error.contains("outside the tree") && error.contains("not followed"), "\(error)")
    }
  }

  /// `baseline`, `check` and `diff` of a plain object with only `.BTF`: no livepatch in
  /// it (no `klp_enable_patch()`, no records, no `livepatch=Y`), so no klp structs are
  /// asked for; its own types are the baseline.
  @Test func aPlainBTFOnlyObjectHasABaselineAndADiff() throws {
    let file = Fixtures.path("special/holes.btf-only.o")
    let dir = try Scratch.directory("klp-btf-baseline")
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = dir.appendingPathComponent("b.json").path
    let baseline = try CLI.run(["baseline", file, "-o", out])
    #expect(baseline.status == 0, "\(baseline.stderr)")
    let check = try CLI.run(["check", file, "--baseline", out])
    #expect(check.status == 0, "\(check.stderr)")
    let diff = try CLI.run(["diff", file, file, "--source", "btf"])
    #expect(diff.status == 0, "\(diff.stderr)")
  }

  /// Names with a newline, an ESC sequence, a `|` and a non-UTF-8 byte: opened by
  /// their exact bytes, escaped in text and Markdown, lossless in JSON.
  @Test func hostileNamesAreEscapedAndKept() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "klp-scan-names-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let data = try Data(contentsOf: URL(fileURLWithPath: Self.sample))
    try data.write(to: dir.appendingPathComponent("evil\nrow|\u{1B}[31m.ko"))
    // A name with the byte 0xff, which is not UTF-8.
    let raw = Array(dir.path.utf8) + Array("/bad".utf8) + [0xFF] + Array(".ko".utf8) + [0]
    let fd = raw.withUnsafeBufferPointer {
      $0.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_CREAT | O_WRONLY, 0o644) }
    }
    #expect(fd >= 0)
    _ = data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    close(fd)

    let text = try CLI.run(["scan", dir.path])
    #expect(text.status == 0, "\(text.stderr)")
    #expect(!text.stdout.contains("\u{1B}"), "no ESC reaches the terminal")
    #expect(text.stdout.contains("evil\\nrow|\\x1b[31m.ko"))
    #expect(
      text.stdout.split(separator: "\n", omittingEmptySubsequences: false).count == 6,
      "one row per module: \(text.stdout)")
    #expect(!text.stdout.contains("No such file"), "the non-UTF-8 name was opened by its bytes")
    #expect(text.stdout.contains("bad\\xff.ko"), "the byte that is not UTF-8, escaped")
    #expect(!text.stdout.contains("\u{FFFD}"), "never the replacement character")

    let markdown = try CLI.run(["scan", dir.path, "--format", "markdown"])
    #expect(markdown.stdout.contains("evil\\nrow\\|\\x1b[31m.ko"), "\(markdown.stdout)")
    #expect(markdown.stdout.contains("bad\\xff.ko") && !markdown.stdout.contains("\u{FFFD}"))

    let json = try Self.json(try CLI.run(["scan", dir.path, "--format", "json"]))
    let modules = json["modules"] as? [[String: Any]] ?? []
    #expect(modules.count == 2 && modules.allSatisfy { $0["error"] == nil }, "\(modules)")
    #expect(
      modules.contains { ($0["path"] as? String)?.hasSuffix("evil\nrow|\u{1B}[31m.ko") == true })
    let bad = modules.first { $0["pathBytes"] != nil }
    #expect(
      (bad?["pathBytes"] as? String)?.hasSuffix("626164ff2e6b6f") == true,
      "\(String(describing: bad))")
  }

  @Test func tooLongPathsAreReported() throws {
    let base = FileManager.default.temporaryDirectory.appendingPathComponent(
      "klp-scan-deep-\(UUID().uuidString)")
    defer { _ = try? BoundaryTests.sh("rm -rf '\(base.path)'") }
    // Deeper than PATH_MAX, built through directory descriptors so that no single
    // call needs the whole path (a shell's cd gives up at PATH_MAX).
    let script = """
      import os, sys
      base, sample = sys.argv[1], sys.argv[2]
      os.makedirs(base)
      fd = os.open(base, os.O_RDONLY)
      for _ in range(25):
          os.mkdir("d" * 200, dir_fd=fd)
          inner = os.open("d" * 200, os.O_RDONLY, dir_fd=fd)
          os.close(fd)
          fd = inner
      out = os.open("deep.ko", os.O_CREAT | os.O_WRONLY, 0o644, dir_fd=fd)
      os.write(out, open(sample, "rb").read())
      """
    let made = try BoundaryTests.sh(
      "/usr/bin/python3 -c '\(script)' '\(base.path)' '\(Self.sample)'")
    #expect(made.status == 0, "\(made.output)")
    let r = try CLI.run(["scan", base.path, "--format", "json"], limits: (60, 2048))
    #expect(r.status == 2, "\(r.stderr)")
    let json = try Self.json(r)
    let modules = json["modules"] as? [[String: Any]] ?? []
    #expect(
      modules.contains { ($0["error"] as? String)?.contains("longer than PATH_MAX") == true },
      "\(modules.count)")
  }
}
