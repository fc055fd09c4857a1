import Foundation
import TestSupport
import Testing

/// The built binary, run as a user runs it: stdout, stderr and exit code.
struct LayoutCommandTests {
  static let klpTypes = ["-t", "klp_func", "-t", "klp_object", "-t", "klp_patch"]

  /// The sizes kernel developers know for Linux 6.1 and 6.12 on x86_64.
  @Test(arguments: ["6.1", "6.12"])
  func klpTypesHaveTheirKernelSizes(version: String) throws {
    for dwarf in ["dwarf4", "dwarf5"] {
      let module = Fixtures.path("modules/\(version)/\(dwarf)/livepatch-sample.ko")
      let result = try CLI.run(["layout", module] + Self.klpTypes + ["--format", "json"])
      #expect(result.status == 0, "\(result.stderr)")
      #expect(result.stderr.isEmpty)
      let document =
        try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
      #expect(document?["schemaVersion"] as? Int == 2)
      let types = document?["types"] as? [[String: Any]] ?? []
      let sizes = Dictionary(
        uniqueKeysWithValues: types.map { ($0["name"] as? String ?? "", $0["size"] as? Int ?? -1) })
      #expect(
        sizes == ["klp_func": 152, "klp_object": 168, "klp_patch": 200], "\(version) \(dwarf)")
    }
  }

  @Test func textMatchesPaholeForTheKlpTypes() throws {
    let relative = "modules/6.1/dwarf5/livepatch-sample.ko"
    let result = try CLI.run(["layout", Fixtures.path(relative)] + Self.klpTypes)
    #expect(result.status == 0)
    let oracle = try #require(Fixtures.oracle(for: relative, kind: "pahole.txt"))
    let blocks = Dictionary(PaholeOracle.parse(oracle).map { ($0.heading, $0.text) }) { a, _ in a }
    let expected = ["struct klp_func", "struct klp_object", "struct klp_patch"].compactMap {
      blocks[$0]
    }.joined()
    #expect(result.stdout == expected)
  }

  @Test(arguments: [
    (["layout", "special/not-elf.ko"], "not an ELF file"),
    (["layout", "special/empty.ko"], "not an ELF file"),
    (["layout", "special/livepatch-sample.truncated.ko"], "special/livepatch-sample.truncated.ko"),
    (["layout", "special/livepatch-sample.stripped.ko"], "no DWARF debug info"),
    (["layout", "special"], "not a regular file (it is a directory)"),
    (["layout", "special/missing.ko"], "No such file or directory"),
    (
      ["layout", "modules/6.1/dwarf5/livepatch-sample.ko", "-t", "no_such_type"],
      "type 'no_such_type' not found"
    ),
  ])
  func inputErrorsAreOneLineAndExitTwo(arguments: [String], message: String) throws {
    var args = arguments
    args[1] = Fixtures.path(args[1])
    let result = try CLI.run(args)
    #expect(result.status == 2)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.hasPrefix("klp-layout: "))
    #expect(result.stderr.contains(message), "\(result.stderr)")
    #expect(result.stderr.filter { $0 == "\n" }.count == 1, "\(result.stderr)")
  }

  @Test func cachelineSizeIsAnOptionNotTheHost() throws {
    let module = Fixtures.path("modules/6.1/dwarf5/livepatch-sample.ko")
    let result = try CLI.run(["layout", module, "-t", "klp_func", "--cacheline-size", "128"])
    #expect(result.stdout.contains("/* size: 152, cachelines: 2, members: 12 */"))
    #expect(result.stdout.contains("/* --- cacheline 1 boundary (128 bytes) --- */"))
  }

  /// A whole file's text is written out in the pieces the threads rendered, not joined
  /// first: on three threads (many pieces) it is the one thread's text (one piece), byte
  /// for byte, and what the Markdown page fences type by type.
  @Test func piecesWrittenInOrderAreTheOneThreadText() throws {
    let file = Fixtures.path("btf/modules/6.12/dwarf4/livepatch-sample.ko.btf")
    let one = try CLI.run(["layout", file], environment: ["KLP_LAYOUT_JOBS": "1"])
    let three = try CLI.run(["layout", file], environment: ["KLP_LAYOUT_JOBS": "3"])
    #expect(one.status == 0 && three.status == 0)
    #expect(one.stdout.filter { $0 == "\n" }.count > 2000)
    #expect(three.stdout == one.stdout)
    let markdown = try CLI.run(["layout", file, "--format", "markdown"])
    let fenced = markdown.stdout.components(separatedBy: "```c\n").dropFirst().map {
      $0.components(separatedBy: "```\n")[0]
    }
    #expect(fenced.count > 128)
    #expect(one.stdout.hasSuffix(fenced.joined()))
  }
}
