import Foundation
import TestSupport
import Testing

/// Issue #30: running out of memory is one line and exit 2 (`--max-memory`, by default
/// from `ulimit -v`), for the whole run and all its threads; never Swift's trap on a
/// failed allocation, nor libdw's assertion.
struct MemoryBudgetTests {
  static let sample = Fixtures.path("modules/6.1/dwarf5/livepatch-sample.ko")
  static let vmlinux = "/work/cache/6.1.0-56-amd64/vmlinux"

  static func expectOneLine(_ result: CLIResult, _ what: String, saying expected: String) {
    #expect(!result.signaled && !result.timedOut, "\(what): \(result.stderr.suffix(300))")
    #expect(result.status == 2, "\(what): exit \(result.status)")
    #expect(result.stderr.filter { $0 == "\n" }.count == 1, "\(what): \(result.stderr)")
    #expect(result.stderr.contains(expected), "\(what): \(result.stderr)")
  }

  /// A budget smaller than what the file maps to: refused before it is mapped, naming
  /// the file, what it needed and the budget.
  @Test func aSmallBudgetIsOneLine() throws {
    let result = try CLI.run(["layout", Self.sample, "--max-memory", "64K"])
    Self.expectOneLine(
      result, "--max-memory 64K", saying: "livepatch-sample.ko: out of memory: mapping the file")
    #expect(result.stderr.contains("(--max-memory)"))
  }

  /// So little address space that the program itself barely fits (a small module under
  /// 80–95 MB was SIGSEGV or a trap): said before anything is allocated. 64 MiB: the
  /// program maps about 35 MiB itself (debug build; 28 MiB release, 70 MiB while it
  /// linked the full Foundation), and a file needs 48 MiB more.
  @Test func tooSmallAnAddressSpaceIsOneLine() throws {
    var process = Subprocess(
      "/bin/sh",
      [
        "-c", "ulimit -v 65536 && exec \"$0\" layout \"$1\"", CLI.executable.path,
        Self.sample,
      ])
    process.limits = (20, nil)
    let result = try process.run()
    #expect(!result.signaled && result.status == 2, "\(result.status): \(result.errors)")
    #expect(result.errors.hasPrefix("klp-layout: out of memory: ulimit -v (64 MiB) leaves"))
    #expect(result.errors.filter { $0 == "\n" }.count == 1, "\(result.errors)")
  }

  /// Three 3 GiB bombs scanned on three threads under a 2.5 GB address space: each had
  /// a cap of its own (1 GiB here), so together they needed more than the process had
  /// and it aborted. One budget for the run: each entry says what stopped it.
  @Test func scanWorkersShareOneBudget() throws {
    let dir = try Scratch.directory("klp-bombs")
    defer { try? FileManager.default.removeItem(at: dir) }
    let made = try Subprocess(
      "/bin/sh",
      [
        "-c",
        "head -c 3G /dev/zero | zstd -1 -q -c > '\(dir.path)/b1.ko.zst' && "
          + "cp '\(dir.path)/b1.ko.zst' '\(dir.path)/b2.ko.zst' && "
          + "cp '\(dir.path)/b1.ko.zst' '\(dir.path)/b3.ko.zst'",
      ]
    ).run()
    #expect(made.status == 0, "\(made.errors)")
    let result = try CLI.run(
      ["scan", dir.path, "--jobs", "3", "--max-decompressed", "1G", "--format", "json"],
      limits: (120, 2500))
    #expect(!result.signaled && !result.timedOut, "\(result.stderr.suffix(500))")
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let modules = try #require(json["modules"] as? [[String: Any]])
    #expect(modules.count == 3)
    // Whichever entries the budget stopped while the others held it were read again
    // alone, once the workers were done: each fits then, and each is over its own
    // decompression cap, a finding like any other (not an incomplete scan, exit 2).
    #expect(result.status == 0, "\(result.stderr)")
    for module in modules {
      let error = module["error"] as? String ?? ""
      #expect(error.contains("larger than the cap"), "\(error)")
      #expect(module["unreadable"] == nil)
    }
  }

  /// The debug vmlinux under `ulimit -v 1000000` aborted with a 25-line trace (it maps
  /// 1.2 GiB, twice 633 MB): now one line before it is mapped.
  @Test(
    .enabled(
      if: FileManager.default.fileExists(atPath: vmlinux),
      "needs Debian's 6.1 debug vmlinux unpacked in /work/cache"))
  func aDebugVmlinuxUnderAOneGigabyteLimitIsOneLine() throws {
    for arguments in [["layout", Self.vmlinux], ["layout", "-t", "task_struct", Self.vmlinux]] {
      var process = Subprocess(
        "/bin/sh",
        ["-c", "ulimit -v 1000000 && exec \"$0\" \"$@\"", CLI.executable.path]
          + arguments)
      process.limits = (120, nil)
      let result = try process.run()
      #expect(!result.signaled && result.status == 2, "\(result.status): \(result.errors)")
      #expect(result.errors.contains("vmlinux: out of memory: mapping the file"))
      #expect(result.errors.filter { $0 == "\n" }.count == 1, "\(result.errors)")
    }
  }
}
