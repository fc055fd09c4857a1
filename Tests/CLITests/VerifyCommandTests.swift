import Foundation
import Testing
import TestSupport

/// `verify` where the oracle has no rows (layouts, prototypes), several modules in one
/// run, and inputs that are not what they must be.
@Suite struct VerifyCommandTests {
  static let btf61 = "Fixtures/targets/6.1.0-56-amd64/vmlinux.btf"
  static let btf612 = "Fixtures/targets/6.12.111+deb12-amd64/vmlinux.btf"
  static let tree61 = "Fixtures/targets/6.1.0-56-amd64/modules"

  struct Finding: Decodable {
    var check: String
    var object: String?
    var subject: String
    var type: Key?
    var status: String
    var reason: String
    struct Key: Decodable, Equatable {
      var name: String
      var kind: String
    }
  }

  struct Module: Decodable {
    var file: String
    var name: String?
    var debugInfo: Bool
    var verdict: String
    var findings: [Finding]
  }

  struct Document: Decodable {
    var schemaVersion: Int
    var verdict: String
    var modules: [Module]
  }

  static func verify(_ arguments: [String]) throws -> (Document?, CLIResult) {
    let r = try CLI.run(
      ["verify"] + arguments + ["--format", "json"], workingDirectory: Fixtures.packageRoot)
    return (try? JSONDecoder().decode(Document.self, from: Data(r.stdout.utf8)), r)
  }

  @Test func aChangedPrototypeFailsAndAnUnchangedOnePasses() throws {
    let (d, r) = try Self.verify([
      "Fixtures/verify/6.1/klp_verify_prototype.ko", "--target", Self.btf61,
    ])
    #expect(r.status == 1, "\(r.stderr)")
    let findings = try #require(d?.modules.first?.findings)
    let changed = findings.first { $0.check == "prototype" && $0.subject == "cmdline_proc_show" }
    #expect(changed?.status == "fail")
    #expect(
      changed?.reason
        == "verify_cmdline_proc_show is int (struct seq_file *, long unsigned int), the target's cmdline_proc_show is int (struct seq_file *, void *)"
    )
    let same = findings.first { $0.check == "prototype" && $0.subject == "meminfo_proc_show" }
    #expect(same?.status == "pass")
    #expect(same?.reason == "int (struct seq_file *, void *) on both sides")
  }

  /// On the kernel whose headers built them, every type the bundled 6.1 livepatches
  /// use is laid out as there (DWARF against the target's BTF): nothing fails.
  @Test func layoutsPassOnTheMatchingKernel() throws {
    let modules = Fixtures.files(under: "modules/6.1/dwarf5", suffixes: [".ko"]).filter {
      !$0.contains("shadow-mod") && !$0.contains("shadow_vars")
    }.map { "Fixtures/" + $0 }
    let (d, r) = try Self.verify(modules + ["--target", Self.btf61])
    #expect(r.status == 0, "\(r.stderr)")
    let document = try #require(d)
    #expect(document.modules.count == modules.count)
    for module in document.modules {
      let layouts = module.findings.filter { $0.check == "layout" }
      #expect(layouts.count > 20, "\(module.file): \(layouts.count) layouts")
      for f in layouts where f.status != "pass" {
        // Only the patch's own types (shadow variables' structs) are not the kernel's.
        #expect(f.status == "unknown" && f.reason.contains("own sources"), "\(module.file): \(f)")
      }
      #expect(layouts.allSatisfy { $0.type?.name == $0.subject })
    }
  }

  /// On a kernel of another release the layouts differ, and say how: here struct
  /// module, which `module_layout`'s CRC stands for, and which a raw BTF (no CRCs) shows.
  @Test func layoutsFailOnAnotherKernel() throws {
    let (d, r) = try Self.verify([
      "Fixtures/modules/6.1/dwarf5/livepatch-sample.ko", "--target", Self.btf612,
    ])
    #expect(r.status == 1, "\(r.stderr)")
    let module = try #require(
      d?.modules.first?.findings.first {
        $0.check == "layout" && $0.subject == "module"
      })
    #expect(module.status == "fail")
    #expect(module.type == Finding.Key(name: "module", kind: "struct"))
    #expect(
      module.reason.contains("struct module shrank from 1280 to 896 bytes"), "\(module.reason)")
  }

  @Test func aStrippedModuleHasNoLayoutsAndUnknownPrototypes() throws {
    let (d, r) = try Self.verify([
      "Fixtures/verify/6.1/stripped/klp_verify_prototype.ko", "--target", Self.btf61,
    ])
    #expect(r.status == 0, "\(r.stderr)")
    let module = try #require(d?.modules.first)
    #expect(!module.debugInfo)
    #expect(!module.findings.contains { $0.check == "layout" })
    #expect(
      module.findings.filter { $0.check == "prototype" }.allSatisfy { $0.status == "unknown" })
  }

  /// Several modules: one report each, in order, and the exit status the worst.
  @Test func severalModulesOneReportEachAndTheWorstStatus() throws {
    let ok = "Fixtures/modules/6.1/dwarf5/livepatch-sample.ko"
    let bad = "Fixtures/verify/6.1/klp_verify_builtin.ko"
    let (d, r) = try Self.verify([ok, bad, "--target", Self.btf61, "--modules", Self.tree61])
    #expect(r.status == 1)
    let document = try #require(d)
    #expect(document.schemaVersion == 2)
    #expect(document.modules.map(\.file) == [ok, bad])
    #expect(document.modules.map(\.verdict) == ["ok", "fail"])
    #expect(document.modules.map(\.name) == ["livepatch_sample", "klp_verify_builtin"])
    #expect(document.verdict == "fail")
    let (alone, r2) = try Self.verify([ok, "--target", Self.btf61, "--modules", Self.tree61])
    #expect(r2.status == 0 && alone?.verdict == "ok")
  }

  /// Without --modules a module object cannot be looked for: unknown, never a pass.
  @Test func withoutATreeModuleObjectsAreUnknown() throws {
    let (d, r) = try Self.verify([
      "Fixtures/modules/6.1/dwarf5/livepatch-shadow-fix1.ko", "--target", Self.btf61,
    ])
    #expect(r.status == 0, "\(r.stderr)")
    let object = d?.modules.first?.findings.first {
      $0.check == "object" && $0.subject == "livepatch_shadow_mod"
    }
    #expect(object?.status == "unknown")
  }

  /// Bad input is one line on stderr and exit 2.
  @Test(arguments: [
    (
      [
        "Fixtures/modules/6.1/dwarf5/livepatch-sample.ko", "--target",
        "Fixtures/modules/6.1/dwarf5/livepatch-shadow-mod.ko",
      ], "not a kernel"
    ),
    (
      [
        "Fixtures/modules/6.1/dwarf5/livepatch-sample.ko", "--target",
        "Fixtures/special/not-elf.ko",
      ], "not-elf.ko"
    ),
    (
      ["Fixtures/modules/6.1/dwarf5/livepatch-shadow-mod.ko", "--target", btf61],
      "not a livepatch module"
    ),
    (["Fixtures/special/livepatch-sample.truncated.ko", "--target", btf61], "truncated"),
    (
      ["Fixtures/modules/6.1/dwarf5/livepatch-sample.ko", "--target", btf61, "--modules", btf61],
      "module tree"
    ),
    (
      ["Fixtures/modules/6.1/dwarf5/livepatch-sample.ko", "--target", "/nonexistent/vmlinux"],
      "/nonexistent/vmlinux"
    ),
  ])
  func badInputIsOneLineAndExit2(_ arguments: [String], _ says: String) throws {
    let r = try CLI.run(["verify"] + arguments, workingDirectory: Fixtures.packageRoot)
    #expect(r.status == 2, "\(arguments): \(r.status) \(r.stdout.prefix(200))")
    #expect(r.stdout.isEmpty)
    let lines = r.stderr.split(separator: "\n")
    #expect(lines.count == 1, "\(r.stderr)")
    #expect(r.stderr.contains(says), "\(r.stderr)")
  }
}
