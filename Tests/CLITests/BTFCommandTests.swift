import Foundation
import TestSupport
import Testing

/// `--source`, `--btf-base` and `--types-from` with BTF, through the built binary.
struct BTFCommandTests {
  static let rawBTF = Fixtures.path("btf/obj/x86_64/dwarf5/holes.o.btf")
  static let dwarfObject = Fixtures.path("obj/x86_64/dwarf5/holes.o")
  static let btfOnly = Fixtures.path("special/holes.btf-only.o")
  static let split = Fixtures.path("btf/split/livepatch-sample.split.btf")
  static let base = Fixtures.path("btf/split/base-6.1.btf")

  static func expectUsageError(_ result: CLIResult, containing text: String) {
    #expect(result.status == 2)
    #expect(result.stdout.isEmpty)
    #expect(
      result.stderr.hasPrefix("klp-layout: ") && result.stderr.filter { $0 == "\n" }.count == 1,
      "\(result.stderr)")
    #expect(result.stderr.contains(text), "\(result.stderr)")
  }

  @Test func rawBTFReadsAsPaholeDoesWithASourceLine() throws {
    let result = try CLI.run(["layout", Self.rawBTF, "-t", "hole_basic"])
    #expect(result.status == 0, "\(result.stderr)")
    let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.first?.contains("types from BTF") == true)
    let oracle = try #require(
      Fixtures.oracle(for: "btf/obj/x86_64/dwarf5/holes.o.btf", kind: "pahole.txt"))
    let expected = try #require(
      PaholeOracle.parse(oracle).first { $0.heading == "struct hole_basic" })
    #expect(lines.dropFirst().joined(separator: "\n") == expected.text)
  }

  @Test func autoTakesDwarfWhenPresentElseBTF() throws {
    let fromDwarf = try CLI.run([
      "layout", Self.dwarfObject, "-t", "hole_basic", "--format", "json",
    ])
    let fromBTF = try CLI.run(["layout", Self.btfOnly, "-t", "hole_basic", "--format", "json"])
    let dwarf =
      try JSONSerialization.jsonObject(with: Data(fromDwarf.stdout.utf8)) as? [String: Any]
    let btf = try JSONSerialization.jsonObject(with: Data(fromBTF.stdout.utf8)) as? [String: Any]
    #expect(dwarf?["typeSource"] as? String == "dwarf")
    #expect(btf?["typeSource"] as? String == "btf")
    let dwarfType = (dwarf?["types"] as? [[String: Any]])?.first
    let btfType = (btf?["types"] as? [[String: Any]])?.first
    #expect(dwarfType?["inferred"] == nil)
    #expect(btfType?["inferred"] as? [String] == ["alignment"])
    #expect(dwarfType?["size"] as? Int == btfType?["size"] as? Int)
  }

  @Test func aSourceTheFileLacksIsAUsageError() throws {
    Self.expectUsageError(
      try CLI.run(["layout", Self.rawBTF, "--source", "dwarf"]), containing: "raw BTF file")
    Self.expectUsageError(
      try CLI.run(["layout", Self.dwarfObject, "--source", "btf"]), containing: "no .BTF section")
    Self.expectUsageError(
      try CLI.run(["layout", Self.btfOnly, "--source", "dwarf"]), containing: "--source btf")
  }

  @Test func splitBTFNeedsItsBase() throws {
    Self.expectUsageError(try CLI.run(["layout", Self.split]), containing: "--btf-base")
    let withBase = try CLI.run(["layout", Self.split, "--btf-base", Self.base, "-t", "klp_func"])
    #expect(withBase.status == 0, "\(withBase.stderr)")
    #expect(withBase.stdout.contains("/* size: 152, cachelines: 3, members: 12 */"))
    Self.expectUsageError(
      try CLI.run(["layout", Self.split, "--btf-base", Fixtures.path("btf/split/wrong-base.btf")]),
      containing: "does not match the base")
  }

  @Test func everyTypeReadingSubcommandTakesBTF() throws {
    let audit = try CLI.run(["audit", Self.rawBTF])
    #expect(audit.status == 0 && audit.stdout.contains("types from BTF"), "\(audit.stderr)")
    let diff = try CLI.run(["diff", Self.dwarfObject, Self.rawBTF])
    #expect(
      diff.status == 0 && diff.stdout.contains("types from DWARF (old) and BTF (new)"),
      "\(diff.stderr)")
    #expect(
      diff.stdout.hasPrefix("add/remove: 0/0 grow/shrink: 0/0"),
      "same build, two sources: no change")
    let baseline = FileManager.default.temporaryDirectory.appendingPathComponent(
      "klp-btf-baseline-\(getpid()).json"
    ).path
    defer { try? FileManager.default.removeItem(atPath: baseline) }
    #expect(try CLI.run(["baseline", Self.dwarfObject, "-o", baseline]).status == 0)
    let check = try CLI.run(["check", Self.rawBTF, "--baseline", baseline])
    #expect(
      check.status == 0 && check.stdout.contains("types from BTF"),
      "\(check.stdout) \(check.stderr)")
  }

  /// klp struct sizes for a records-based module from BTF, as from DWARF.
  @Test func typesFromAcceptsBTF() throws {
    let module = Fixtures.path("records/x86_64/kpatch_style.o")
    let dwarfTypes = Fixtures.path("whatif/6.1/klp_designs_kernel.ko")
    for command in [["inspect", module], ["whatif", module]] {
      let fromDwarf = try CLI.run(command + ["--types-from", dwarfTypes])
      let fromBTF = try CLI.run(command + ["--types-from", Self.base])
      #expect(
        fromDwarf.status == 0 && fromBTF.status == 0,
        "\(command[0]): \(fromDwarf.stderr) \(fromBTF.stderr)")
      #expect(fromDwarf.stdout == fromBTF.stdout, "\(command[0])")
    }
    let inspect = try CLI.run(["inspect", module, "--types-from", Self.base])
    #expect(inspect.stdout.contains("struct klp_patch         200"))
  }
}
