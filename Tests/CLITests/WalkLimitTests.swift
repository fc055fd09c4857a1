import Foundation
import TestSupport
import Testing

/// Issue #30: inputs built to exhaust the stack, the clock or the output
/// (`walk-limits/` of the hostile corpus, scripts/make-hostile-corpus): a cyclic type
/// from one flipped byte, 14,000 chained pointers, 20,000 nested structs, and 4 levels
/// of 100 members printed in place. Each ends in one line and exit 2, or in bounded
/// output, under the corpus tests' time and address-space limits.
struct WalkLimitTests {
  static func input(_ name: String) -> String {
    HostileInputTests.corpus.appendingPathComponent("walk-limits/" + name).path
  }

  static let good = Fixtures.path("modules/6.1/dwarf5/livepatch-sample.ko")

  /// Exit 2 with one line that says `expected`, within the limits.
  static func refused(_ arguments: [String], saying expected: String) throws {
    let result = try CLI.run(arguments, limits: (20, 2048))
    HostileInputTests.check(result, arguments.joined(separator: " "))
    #expect(result.status == 2, "\(arguments): exit \(result.status)")
    #expect(result.stderr.contains(expected), "\(arguments): \(result.stderr.prefix(300))")
  }

  /// The commands: byte 48643 of the zlib-compressed sample flipped by 0x10, or
  /// byte 41572 set to 0x64, made a member's type itself (SIGSEGV in printing, more
  /// than 120 s in definition ids).
  @Test(arguments: ["zdebug-zlib-48643.ko", "zdebug-zlib-41572.ko"])
  func aFlippedByteIsACycleNotACrash(name: String) throws {
    let path = Self.input(name)
    for arguments in [
      ["layout", path], ["layout", "--format", "json", path], ["audit", path],
      ["diff", Self.good, path], ["baseline", path, "-o", "/dev/null"],
    ] {
      try Self.refused(arguments, saying: "refers back to itself")
    }
    let tree = try Scratch.directory("klp-walk-scan")
    defer { try? FileManager.default.removeItem(at: tree) }
    try FileManager.default.copyItem(
      atPath: path, toPath: tree.appendingPathComponent(name).path)
    let scan = try CLI.run(
      ["scan", tree.path, "--audit-all", "--format", "json"], limits: (20, 2048))
    HostileInputTests.check(scan, "scan --audit-all")
    #expect(scan.stdout.contains("refers back to itself"), "\(scan.stdout.prefix(500))")
  }

  /// A raw BTF of 14,000 pointers, each to the one before: loading recursed once per
  /// pointer (validation stopped measuring at pointers).
  @Test func aPointerChainIsTooDeep() throws {
    let path = Self.input("ptr-chain-14000.btf")
    for arguments in [["layout", path], ["audit", path], ["diff", path, path]] {
      try Self.refused(arguments, saying: "nested more than 256 levels deep")
    }
  }

  /// Cycles only a declarator closes: an anonymous struct pointing to itself, a
  /// function pointer taking itself.
  @Test(arguments: ["anon-self-pointer.btf", "fn-ptr-self.btf"])
  func declaratorCyclesAreRefused(name: String) throws {
    try Self.refused(["layout", Self.input(name)], saying: "refers back to itself")
  }

  /// 20,000 structs nested by value: `audit` recursed once per level (and laid each
  /// out from scratch); `scan --audit` over a tree holding it died without a report.
  @Test func deepNestingIsRefusedAndScanStillReports() throws {
    let path = Self.input("nested-20000.o")
    try Self.refused(["audit", path], saying: "nested more than 256 levels deep")
    let tree = try Scratch.directory("klp-walk-scan")
    defer { try? FileManager.default.removeItem(at: tree) }
    try FileManager.default.copyItem(
      atPath: path, toPath: tree.appendingPathComponent("deep.ko").path)
    try FileManager.default.copyItem(
      atPath: Self.good, toPath: tree.appendingPathComponent("good.ko").path)
    let scan = try CLI.run(["scan", tree.path, "--audit", "--format", "json"], limits: (60, 2048))
    HostileInputTests.check(scan, "scan --audit")
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(scan.stdout.utf8)) as? [String: Any])
    let modules = try #require(json["modules"] as? [[String: Any]])
    #expect(modules.count == 2)
    let deep = modules.first { ($0["path"] as? String) == "deep.ko" }
    #expect((deep?["error"] as? String)?.contains("nested more than 256") == true, "\(modules)")
  }

  /// 4 levels of 100 members: `--expand` printed per path (60 MB for L2; L3 aborted
  /// allocating 2.7 GB). Now as many levels as fit in the budget, and a note.
  @Test(arguments: ["L2", "L3"])
  func expansionIsBounded(type: String) throws {
    for format in ["text", "markdown", "svg", "html"] {
      let result = try CLI.run(
        ["layout", "--expand", "-t", type, "--format", format, Self.input("expand-4x100.o")],
        limits: (20, 2048))
      HostileInputTests.check(result, "layout --expand -t \(type) --format \(format)")
      #expect(result.status == 0)
      #expect(result.stdout.utf8.count < 8 << 20, "\(format): \(result.stdout.utf8.count) bytes")
    }
    let text = try CLI.run(
      ["layout", "--expand", "-t", type, Self.input("expand-4x100.o")], limits: (20, 2048))
    #expect(text.stdout.contains("nested types shown 1 level deep"))
  }

  /// Anonymous structs shared by 100 declarators each, nested 4 deep (valid C): printed
  /// in place and hashed for the definition id per path before.
  @Test func sharedAnonymousTypesAreBounded() throws {
    let path = Self.input("anonymous-4x100.o")
    for format in ["text", "json", "svg"] {
      let result = try CLI.run(["layout", "--format", format, path], limits: (20, 2048))
      HostileInputTests.check(result, "layout --format \(format)")
      #expect(result.status == 0)
      #expect(result.stdout.utf8.count < 8 << 20, "\(format): \(result.stdout.utf8.count) bytes")
    }
    for arguments in [["audit", path], ["safety", path, path], ["diff", path, path]] {
      HostileInputTests.check(try CLI.run(arguments, limits: (20, 2048)), arguments[0])
    }
  }
}
