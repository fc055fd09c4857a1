import Foundation
import TestSupport
import Testing

/// `whatif NEW --replaces live`: the no-ops `klp_add_nops()` would add against the
/// patches a kernel has loaded, read from its sysfs (Fixtures/live).
@Suite struct WhatIfLiveTests {
  static let multi = "Fixtures/obj/x86_64/dwarf5/klp_multi.o"
  static let base = "Fixtures/btf/split/base-6.1.btf"

  static func json(_ arguments: [String]) throws -> (json: [String: Any], result: CLIResult) {
    let r = try GoldenFile.run(["whatif"] + arguments + ["--format", "json"])
    let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
    return (json ?? [:], r)
  }

  static func nops(_ json: [String: Any]) -> Set<String> {
    Set(
      (json["nops"] as? [[String: Any]] ?? []).map {
        "\($0["object"] as? String ?? "vmlinux") \($0["func"] as? String ?? "")"
      })
  }

  /// klp_multi (replace) over replace-in-transition's four patches, worked out by hand
  /// from the tree: fix1's dummy_alloc and dummy_free and fix2's dummy_check in a
  /// dynamic livepatch_shadow_mod (klp_multi has no such object), and
  /// test_klp_atomic_replace's meminfo_proc_show,1 (klp_multi patches position 2);
  /// cmdline_proc_show is klp_multi's own (sympos 0 and 1 match in klp_find_func()).
  @Test func theLoadedStackIsPricedAsKlpAddNopsWalksIt() throws {
    let root = "Fixtures/live/replace-in-transition"
    let (live, r) = try Self.json(
      [Self.multi, "--replaces", "live", "--root", root, "--types-from", Self.base])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(
      Self.nops(live)
        == [
          "livepatch_shadow_mod dummy_alloc", "livepatch_shadow_mod dummy_free",
          "livepatch_shadow_mod dummy_check", "vmlinux meminfo_proc_show",
        ])
    #expect(live["dynamicObjectCount"] as? Int == 1)
    #expect(
      live["replaces"] as? [String]
        == [
          "test_klp_livepatch", "livepatch_shadow_fix1", "livepatch_shadow_fix2",
          "test_klp_atomic_replace",
        ])
    #expect(live["live"] as? String == root)
    // The static klp bytes the loaded modules hold (840 + 992 + 992 + 840).
    #expect(live["replacedStaticBytes"] as? Int == 3664)
    #expect(r.stderr.contains("-EBUSY"), "a transition is under way: \(r.stderr)")

    // The same stack given as its module files, in stack order, prices the same.
    let files = [
      "test_klp_livepatch", "livepatch-shadow-fix1", "livepatch-shadow-fix2",
      "test_klp_atomic_replace",
    ].map { "\(root)/lib/modules/6.1.0-56-amd64/extra/\($0).ko" }
    let (named, n) = try Self.json(
      [Self.multi, "--replaces"] + files + ["--types-from", Self.base])
    #expect(n.status == 0, "\(n.stderr)")
    #expect(Self.nops(named) == Self.nops(live))
    for key in ["nopCount", "dynamicObjectCount", "replacedStaticBytes", "replacedHeapBytes"] {
      #expect(named[key] as? Int == live[key] as? Int, "\(key)")
    }
    let designs = { (j: [String: Any]) in
      (j["designs"] as? [[String: Any]] ?? []).map {
        [
          $0["id"] as? String ?? "", "\($0["permanentBytes"] ?? "")",
          "\($0["transientBytes"] ?? "")",
          "\($0["peakBytes"] ?? "")",
        ]
      }
    }
    #expect(designs(named) == designs(live))
  }

  /// A stack that could not be read whole is not priced: exit 2, one line.
  @Test func anIncompleteStackIsNotPriced() throws {
    let r = try GoldenFile.run([
      "whatif", Self.multi, "--replaces", "live", "--root", "Fixtures/live/hostile",
    ])
    #expect(r.status == 2)
    #expect(r.stdout.isEmpty)
    #expect(r.stderr.split(separator: "\n").count == 1)
    #expect(r.stderr.contains("could not be read") && r.stderr.contains("cannot be priced"))
  }

  /// A kernel without livepatch, and options that belong to --replaces live only.
  @Test func usage() throws {
    let none = try GoldenFile.run([
      "whatif", Self.multi, "--replaces", "live", "--root", "Fixtures/live/no-livepatch",
    ])
    #expect(none.status == 2)
    #expect(none.stderr.contains("this kernel has no livepatch support (CONFIG_LIVEPATCH)"))
    let root = try GoldenFile.run(["whatif", Self.multi, "--root", "Fixtures/live/stacked"])
    #expect(root.status == 2)
    #expect(root.stderr.contains("--replaces live"))
  }
}
