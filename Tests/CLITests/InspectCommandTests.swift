import Foundation
import TestSupport
import Testing

struct InspectCommandTests {
  @Test func textShowsTheTreeAndTheCost() throws {
    let result = try CLI.run(["inspect", Fixtures.path("modules/6.1/dwarf5/livepatch-sample.ko")])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(
      result.stdout.contains("└─ vmlinux\n   └─ cmdline_proc_show → livepatch_cmdline_proc_show"))
    #expect(result.stdout.contains("static klp bytes: 840 (1 object, 1 func)"))
  }

  @Test func jsonCarriesTheContractKeys() throws {
    let result = try CLI.run([
      "inspect", Fixtures.path("modules/6.1/dwarf5/livepatch-sample.ko"), "--format", "json",
    ])
    #expect(result.status == 0)
    let document = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    #expect(document["schemaVersion"] as? Int == 2)
    let modules = document["modules"] as? [[String: Any]] ?? []
    #expect(modules.count == 1)
    let json = try #require(modules.first)
    #expect(json["machine"] as? String == "x86_64")
    #expect(json["pointerSize"] as? Int == 8)
    #expect(json["byteOrder"] as? String == "little")
    #expect((json["totals"] as? [String: Any])?["staticBytes"] as? Int == 840)
    let types = json["types"] as? [[String: Any]] ?? []
    #expect(types.first { $0["name"] as? String == "klp_func" }?["size"] as? Int == 152)
    #expect(types.allSatisfy { $0["kind"] as? String == "struct" })
    let arrays = json["arrays"] as? [[String: Any]] ?? []
    #expect(
      arrays.first { $0["symbol"] as? String == "funcs" }?["elementType"] as? [String: String] == [
        "name": "klp_func", "kind": "struct",
      ])
  }

  @Test func notALivepatchModuleIsNotAnError() throws {
    let result = try CLI.run([
      "inspect", Fixtures.path("modules/6.1/dwarf5/livepatch-shadow-mod.ko"),
    ])
    #expect(result.status == 0)
    #expect(result.stdout.contains("not a livepatch module"))
  }

  @Test func badInputExitsTwo() throws {
    let result = try CLI.run(["inspect", Fixtures.path("special/not-elf.ko")])
    #expect(result.status == 2)
    #expect(result.stderr.contains("not an ELF file"))
  }
}

extension InspectCommandTests {
  @Test func markdownHasTablesAndTheTreeInACodeBlock() throws {
    let result = try CLI.run([
      "inspect", Fixtures.path("modules/6.1/dwarf5/livepatch-sample.ko"), "--format", "markdown",
    ])
    #expect(result.status == 0)
    #expect(result.stdout.hasPrefix("## "))
    #expect(
      result.stdout.contains(
        "```text\npatch\n└─ vmlinux\n   └─ cmdline_proc_show → livepatch_cmdline_proc_show\n```"))
    #expect(result.stdout.contains("| `struct klp_func` | 152 | 2 | 304 | 64 (42%) |"))
  }
}
