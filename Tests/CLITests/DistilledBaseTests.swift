import Foundation
import TestSupport
import Testing

/// A module whose `.BTF` is split on a distilled base (`.BTF.base`, written by kbuild
/// into out-of-tree modules since Linux 6.11 with pahole 1.28 or later) needs libbpf
/// 1.5's relocation onto the kernel's BTF, which libbpf 1.1.2 lacks: the tool must say
/// so in one line and exit 2, never show the cut-down base's empty structs.
///
/// No such module can be built here (pahole 1.24 writes no `.BTF.base`, docs/btf.md),
/// so the refusal is tested on what decides it, the section's presence: a committed
/// BTF-only object with a `.BTF.base` section added by objcopy in a temporary directory.
struct DistilledBaseTests {
  @Test func aDistilledBaseIsRefusedInOneLine() throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("klp-distilled-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let module = directory.appendingPathComponent("distilled.o").path
    _ = try Subprocess(
      "/usr/bin/objcopy",
      [
        "--add-section", ".BTF.base=" + Fixtures.path("btf/split/base-6.1.btf"),
        Fixtures.path("special/holes.btf-only.o"), module,
      ]
    ).succeed()

    for arguments in [
      ["layout", module, "-t", "hole_basic"],
      ["layout", module, "--source", "btf", "--btf-base", Fixtures.path("btf/split/base-6.1.btf")],
    ] {
      let result = try CLI.run(arguments)
      BTFCommandTests.expectUsageError(result, containing: "distilled base (.BTF.base")
      #expect(result.stderr.contains("--source dwarf"), "\(result.stderr)")
    }
    // The same object without the section reads as before.
    let plain = try CLI.run([
      "layout", Fixtures.path("special/holes.btf-only.o"), "-t", "hole_basic",
    ])
    #expect(plain.status == 0, "\(plain.stderr)")
  }
}
