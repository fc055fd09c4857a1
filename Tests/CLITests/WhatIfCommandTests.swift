import Foundation
import TestSupport
import Testing

struct WhatIfCommandTests {
  static let sample = "modules/6.1/dwarf5/livepatch-sample.ko"

  @Test func jsonHasEveryDesign() throws {
    let r = try CLI.run(["whatif", Fixtures.path(Self.sample), "--nops", "10", "--format", "json"])
    #expect(r.status == 0, "\(r.stderr)")
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    #expect(json["schemaVersion"] as? Int == 2)
    #expect(json["nopCount"] as? Int == 10)
    #expect((json["nops"] as? [Any])?.isEmpty == true)
    #expect(json["kernelDesign"] as? String == "A-embedded")
    let designs = json["designs"] as? [[String: Any]] ?? []
    // The kernel's own design first, then the alternatives with deltas against it.
    #expect(
      designs.compactMap { $0["id"] as? String } == [
        "A-embedded", "base", "B-wrapper", "C-config-off", "C-config-on", "D-dyn-array",
      ])
    #expect(designs.first?["delta"] == nil)
    let wrapper = designs.first { $0["id"] as? String == "B-wrapper" }
    let sizes = wrapper?["sizes"] as? [[String: Any]] ?? []
    let noOp = sizes.first {
      ($0["type"] as? [String: String]) == ["name": "klp_func_no_op", "kind": "struct"]
    }
    #expect(noOp?["size"] as? Int == 152)
    #expect((wrapper?["delta"] as? [String: Int])?["permanentBytes"] == -32)
    let notPriced = (json["notPriced"] as? [[String: String]] ?? []).compactMap { $0["item"] }
    #expect(notPriced.contains("struct klp_ops") && notPriced.contains("kstrdup(old_name)"))
  }

  @Test func explicitEditsArePricedExactly() throws {
    let r = try CLI.run([
      "whatif", Fixtures.path(Self.sample), "--nops", "3", "--remove", "klp_func.node",
      "--wrap", "klp_func_no_op=klp_func+struct list_head:func_entry", "--add",
      "klp_patch:bool:flag@after:replace", "--add", "klp_object:unsigned long:extra@after:funcs",
      "--format", "json",
    ])
    #expect(r.status == 0, "\(r.stderr)")
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    let designs = json["designs"] as? [[String: Any]] ?? []
    #expect(designs.compactMap { $0["id"] as? String } == ["current", "edits"])
    #expect(json["referenceDesign"] as? String == "current")
    var sizes: [String: Int] = [:]
    for entry in designs.last?["sizes"] as? [[String: Any]] ?? [] {
      if let type = entry["type"] as? [String: String], let size = entry["size"] as? Int {
        sizes[type["name"] ?? ""] = size
      }
    }
    // The bool fills the hole after `replace`; the 8-byte member grows klp_object by 8.
    #expect(sizes["klp_func"] == 136 && sizes["klp_func_no_op"] == 152)
    #expect(sizes["klp_patch"] == 200 && sizes["klp_object"] == 176)
    // Deltas against the module as built: funcs 2 × (136 − 152), objects 2 × 8; the
    // 3 wrappers come from kmalloc-192 like the 152-byte klp_funcs they replace.
    let delta = designs.last?["delta"] as? [String: Int]
    #expect(delta?["permanentBytes"] == -16 && delta?["transientBytes"] == 0)
  }

  @Test func textShowsTheTableAndTheLayouts() throws {
    let r = try CLI.run(["whatif", Fixtures.path(Self.sample), "--nops", "10"])
    #expect(r.status == 0)
    #expect(r.stdout.contains("B-wrapper"))
    #expect(r.stdout.contains("This kernel uses design A"))
    #expect(r.stdout.contains("A-embedded (this kernel)"))
    // livepatch-sample does not set replace: a --nops count is hypothetical.
    #expect(r.stdout.contains("permanent  transient (hypothetical)  peak"))
    #expect(!r.stdout.contains("total"))
    #expect(
      r.stdout.contains("kzalloc struct klp_func_no_op 152 → kmalloc-192: 1920 bytes, transient"))
    #expect(r.stdout.contains("struct klp_func_no_op {"))
  }

  /// livepatch-sample does not set `replace`: klp_add_nops() never runs.
  @Test func replacesWithoutReplaceAllocatesNothingAndSaysWhy() throws {
    let r = try CLI.run([
      "whatif", Fixtures.path(Self.sample), "--replaces",
      Fixtures.path("obj/x86_64/dwarf5/klp_multi.o"), "--format", "json",
    ])
    #expect(r.status == 0, "\(r.stderr)")
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    #expect(json["nopCount"] as? Int == 0)
    #expect(json["replace"] as? Bool == false)
    #expect((json["designs"] as? [[String: Any]])?.first?["transientBytes"] as? Int == 0)
    // klp_multi's static klp bytes stay loaded beneath it: 6392 (see WhatIfFixtureTests).
    #expect(json["replacedStaticBytes"] as? Int == 6392)
    // Said once: first in the notes and in the headline, not again on stderr.
    let note = try #require((json["notes"] as? [String])?.first)
    #expect(note.contains("does not set klp_patch.replace") && note.contains("klp_add_nops()"))
    #expect((json["headline"] as? String)?.contains(note) == true)
    #expect(note.contains("klp_multi.o stays enabled beneath it"))
    #expect(r.stderr.isEmpty)
  }

  static let multi = [
    "obj/x86_64/dwarf5/klp_multi.o", "replace/x86_64/klp_old_a.o", "replace/x86_64/klp_old_b.o",
  ]

  /// The numbers of WhatIfFixtureTests.multiObjectCostsInDesignA, end to end.
  @Test func multiObjectReplacingTwoModules() throws {
    let r = try CLI.run(
      ["whatif", Fixtures.path(Self.multi[0]), "--replaces"]
        + Self.multi.dropFirst().map(Fixtures.path) + ["--format", "json"])
    #expect(r.status == 0, "\(r.stderr)")
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    let nops = json["nops"] as? [[String: Any]] ?? []
    #expect(nops.count == 8)
    #expect(
      nops.first?["object"] is NSNull && nops.first?["func"] as? String == "meminfo_proc_show"
        && nops.first?["sympos"] as? Int == 1)
    #expect(
      (json["dynamicObjects"] as? [[String: String]]) == [["name": "btrfs"], ["name": "nfs"]])
    #expect(json["replacedStaticBytes"] as? Int == 5104)
    let a = (json["designs"] as? [[String: Any]])?.first
    #expect(a?["id"] as? String == "A-embedded")
    #expect(
      a?["permanentBytes"] as? Int == 6392 && a?["transientBytes"] as? Int == 2112
        && a?["peakBytes"] as? Int == 13608)
    #expect(
      (json["headline"] as? String)?.contains(
        "allocates 2112 bytes during the transition (peak 13608) and holds 6392 bytes") == true)
    let t = try CLI.run(
      ["whatif", Fixtures.path(Self.multi[0]), "--replaces"]
        + Self.multi.dropFirst().map(Fixtures.path) + ["--format", "markdown"])
    #expect(t.stdout.contains("| A-embedded (this kernel) | 152 | 168 | 6392 | 2112 | 13608 |"))
    #expect(t.stdout.contains("| `btrfs` (dynamic) | `btrfs_search_slot` | 2 |"))
  }

  /// test_klp_state2 (replace = true) replacing klp_multi: 33 no-ops, more than a
  /// screenful, so text shows a count unless --list-nops.
  @Test func longNoOpListsCollapse() throws {
    let args = [
      "whatif", Fixtures.path("modules/6.1/dwarf5/test_klp_state2.ko"), "--replaces",
      Fixtures.path("obj/x86_64/dwarf5/klp_multi.o"),
    ]
    let r = try CLI.run(args)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("no-ops: 33 funcs, 2 dynamic objects"))
    #expect(r.stdout.contains("--list-nops shows them all"))
    #expect(!r.stdout.contains("xfs_ioctl_setattr"))
    let all = try CLI.run(args + ["--list-nops"])
    #expect(all.stdout.contains("xfs_ioctl_setattr"))
  }

  /// A records-based replaced module (kpatch_style: vmlinux 3 funcs, ext4 2) holds its
  /// records (5 × 56 + 2 callback records × 16 = 312 bytes) and the klp structs its
  /// init code kzalloc'd, at klp_multi's sizes: 256 + 512 + 512 + 1024 = 2304 (as in
  /// RecordsTests). No-ops: meminfo_proc_show,0 (klp_multi has ,2) and
  /// do_sys_openat2,2 (klp_multi has ,0): 2 × 192 + kstrdup 18 → 32 and 15 → 16 = 432.
  @Test func recordsBasedReplacedModule() throws {
    let r = try CLI.run([
      "whatif", Fixtures.path(Self.multi[0]), "--replaces",
      Fixtures.path("records/x86_64/kpatch_style.o"), "--format", "json",
    ])
    #expect(r.status == 0, "\(r.stderr)")
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    #expect(json["replacedStaticBytes"] as? Int == 312)
    #expect(json["replacedHeapBytes"] as? Int == 2304)
    #expect(
      (json["nops"] as? [[String: Any]])?.compactMap { $0["func"] as? String } == [
        "meminfo_proc_show", "do_sys_openat2",
      ])
    #expect((json["designs"] as? [[String: Any]])?.first?["transientBytes"] as? Int == 432)
    #expect(
      (json["designs"] as? [[String: Any]])?.first?["peakBytes"] as? Int == 6392 + 432 + 312 + 2304)
  }

  /// A records-based module with --types-from: the record sections as built plus the
  /// klp structs its init code kzallocs, at each design's sizes. kpatch_style x86_64:
  /// records 5 × 56 + 2 × 16 = 312; A 200 → 256, klp_object[3] 504 → 512, klp_func[4]
  /// 608 → 1k, klp_func[3] 456 → 512: 2616. Base: 184 → 192, 408 → 512, 544 → 1k,
  /// 408 → 512: 2552. klp_build_style x86_64: 2 × 64 + 5 × 24 = 248 → 2552 and 2488.
  /// i686 (A 104/88/80, base 96/72/72): kpatch_style 5 × 28 + 2 × 8 = 156, A 128 + 512
  /// + 512 + 256 → 1564, base 96 + 256 + 512 + 256 → 1276; klp_build_style 2 × 32 +
  /// 5 × 12 = 124 → 1532 and 1244.
  @Test(arguments: [
    ("records/x86_64/kpatch_style.o", "modules/6.1/dwarf5/livepatch-sample.ko", 2616, 2552),
    ("records/x86_64/klp_build_style.o", "modules/6.1/dwarf5/livepatch-sample.ko", 2552, 2488),
    ("records/i686/kpatch_style.o", "obj/i686/dwarf5/klp_multi.o", 1564, 1276),
    ("records/i686/klp_build_style.o", "obj/i686/dwarf5/klp_multi.o", 1532, 1244),
  ])
  func recordsBasedModuleWithTypesFrom(file: String, types: String, a: Int, base: Int) throws {
    let r = try CLI.run([
      "whatif", Fixtures.path(file), "--types-from", Fixtures.path(types), "--format", "json",
    ])
    #expect(r.status == 0, "\(r.stderr)")
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    let designs = json["designs"] as? [[String: Any]] ?? []
    #expect(json["kernelDesign"] as? String == "A-embedded")
    #expect(designs.first { $0["id"] as? String == "A-embedded" }?["permanentBytes"] as? Int == a)
    #expect(designs.first { $0["id"] as? String == "base" }?["permanentBytes"] as? Int == base)
  }

  @Test func replacedModulesOfAnotherKernelExitTwo() throws {
    let other = try CLI.run([
      "whatif", Fixtures.path(Self.multi[0]), "--replaces",
      Fixtures.path("replace/i686/klp_old_a.o"),
    ])
    #expect(other.status == 2)
    #expect(
      other.stderr.contains("replace/i686/klp_old_a.o")
        && other.stderr.contains("obj/x86_64/dwarf5/klp_multi.o"))
    let plain = try CLI.run([
      "whatif", Fixtures.path(Self.multi[0]), "--replaces",
      Fixtures.path("modules/6.1/dwarf5/livepatch-shadow-mod.ko"),
    ])
    #expect(plain.status == 2)
    #expect(plain.stderr.contains("not a livepatch"))
  }

  @Test func badEditsExitTwo() throws {
    let r = try CLI.run(["whatif", Fixtures.path(Self.sample), "--remove", "klp_func.nope"])
    #expect(r.status == 2)
    #expect(r.stderr.contains("no member 'nope'"))
    let t = try CLI.run([
      "whatif", Fixtures.path(Self.sample), "--add", "klp_func:struct nothing_here:x",
    ])
    #expect(t.status == 2)
    #expect(t.stderr.contains("nothing_here"))
  }
}
