import BTF
import Foundation
import LayoutLoader
import TestSupport
import Testing

/// `/sys/kernel/btf/MODULE` is split on `/sys/kernel/btf/vmlinux` without `--btf-base`.
/// This machine (and CI) may have no module entries there, so the rule is tested as a
/// function of the path, and on the committed split fixture laid out in a temporary
/// directory named like sysfs (`…/sys/kernel/btf/{vmlinux,livepatch_sample}`).
struct SysfsDefaultBaseTests {
  static let split = Fixtures.path("btf/split/livepatch-sample.split.btf")
  static let base = Fixtures.path("btf/split/base-6.1.btf")

  @Test func theRuleIsAFunctionOfThePath() {
    #expect(BTFFile.defaultBase(for: "/sys/kernel/btf/nf_tables") == "/sys/kernel/btf/vmlinux")
    #expect(
      BTFFile.defaultBase(for: "/sys/kernel/btf/../btf/./nf_tables") == "/sys/kernel/btf/vmlinux")
    #expect(
      BTFFile.defaultBase(for: "/srv/host1/sys/kernel/btf/nf_tables")
        == "/srv/host1/sys/kernel/btf/vmlinux")
    // vmlinux is the base itself; files elsewhere have no default.
    #expect(BTFFile.defaultBase(for: "/sys/kernel/btf/vmlinux") == nil)
    #expect(BTFFile.defaultBase(for: "/tmp/nf_tables.btf") == nil)
    #expect(BTFFile.defaultBase(for: "/sys/kernel/btfx/nf_tables") == nil)
    #expect(BTFFile.defaultBase(for: "/sys/kernel/nf_tables") == nil)
  }

  /// A directory `…/sys/kernel/btf` holding `vmlinux` (a copy of `base`) and the split
  /// module file under a module's name.
  static func sysfsLike(vmlinux: String) throws -> (root: URL, module: String) {
    let root = FileManager.default.temporaryDirectory
      .appendingPathComponent("klp-sysfs-\(UUID().uuidString)")
    let directory = root.appendingPathComponent("sys/kernel/btf")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    try FileManager.default.copyItem(
      atPath: vmlinux, toPath: directory.appendingPathComponent("vmlinux").path)
    let module = directory.appendingPathComponent("livepatch_sample").path
    try FileManager.default.copyItem(atPath: split, toPath: module)
    return (root, module)
  }

  @Test func aModuleLoadsOnTheVmlinuxBesideIt() throws {
    let (root, module) = try Self.sysfsLike(vmlinux: Self.base)
    defer { try? FileManager.default.removeItem(at: root) }
    let names = ["klp_patch", "klp_func", "klp_object"]
    let defaulted = try LayoutRequest(path: module, types: names).run()
    let explicit = try LayoutRequest(path: Self.split, types: names, btfBase: Self.base).run()
    #expect(defaulted.source == .btf)
    #expect(defaulted.layouts.map(\.size) == [200, 152, 168])
    #expect(defaulted.layouts == explicit.layouts)
  }

  @Test func theDefaultIsReallyRead() throws {
    // With the wrong vmlinux beside it the module is refused as on a wrong --btf-base:
    // the default base is the file in that directory, not a stand-in.
    let (root, module) = try Self.sysfsLike(
      vmlinux: Fixtures.path("btf/split/wrong-base.btf"))
    defer { try? FileManager.default.removeItem(at: root) }
    #expect {
      try LayoutRequest(path: module, types: []).run()
    } throws: { error in
      guard case .btf(.baseMismatch) = error as? LoaderError else { return false }
      return true
    }
  }
}
