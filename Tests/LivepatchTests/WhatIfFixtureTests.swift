import Foundation
import ReportSchema
import Livepatch
import TestSupport
import Testing
import WhatIf

/// The 2017 designs priced on real modules, every number worked out by hand below.
struct WhatIfFixtureTests {
  static func costs(_ relative: String, _ workload: Workload) throws -> [DesignID: DesignCost] {
    let module = try LivepatchReader.analyze(Fixtures.path(relative))
    let model = KlpCostModel(engine: try module.engine(), arrays: module.staticArrays)
    return Dictionary(uniqueKeysWithValues: try model.price(workload).map { ($0.id, $0) })
  }

  /// livepatch-sample (6.1, x86_64): patch 1 × klp_patch, objs 2 × klp_object, funcs
  /// 2 × klp_func. A (the kernel's): 200 + 2 × 168 + 2 × 152 = 840 static bytes; 10
  /// hypothetical no-ops kzalloc 152 → kmalloc-192: 1920 transient. Base: 184 + 2 ×
  /// 136 + 2 × 136 = 728, nothing transient. B: funcs at 136, objects and patch keep
  /// their list heads: 272 + 336 + 200 = 808, the 152-byte wrapper also from
  /// kmalloc-192. D: 272 + 2 × 144 + 192 = 752, one kcalloc of 11 × 136 = 1496 →
  /// kmalloc-2k.
  @Test func livepatchSample61() throws {
    let c = try Self.costs(
      "modules/6.1/dwarf5/livepatch-sample.ko", Workload(demand: NoOpDemand(nops: 10)))
    // Unwrapped first: comparing an Optional<UInt64> inside #expect trips
    // AddressSanitizer in the toolchain's AnyHashable conversion (not in our code).
    let base = try #require(c[.base]), a = try #require(c[.aEmbedded]),
      b = try #require(c[.bWrapper])
    let off = try #require(c[.cConfigOff]), on = try #require(c[.cConfigOn]),
      d = try #require(c[.dDynArray])
    #expect(base.sizes["klp_func", default: 0] == 136)
    #expect(a.sizes["klp_func", default: 0] == 152)
    #expect(b.sizes["klp_func_no_op", default: 0] == 152)
    #expect(
      (a.permanentBytes, a.transientBytes, a.peakBytes(replacedBytes: 0)) == (840, 1920, 2760))
    #expect((base.permanentBytes, base.transientBytes) == (728, 0))
    #expect((b.permanentBytes, b.transientBytes) == (808, 1920))
    #expect(b.allocations.first?.cache == "kmalloc-192")
    #expect((d.permanentBytes, d.transientBytes) == (752, 2048))
    #expect(d.allocations.first.map(\.requested) == 11 * 136)
    #expect(d.allocations.first?.elements == 11)
    #expect(off.permanentBytes == base.permanentBytes && off.transientBytes == 0)
    #expect(on.permanentBytes == a.permanentBytes && on.transientBytes == a.transientBytes)
    // Every allocation of the no-op path is transient.
    #expect(a.allocations.allSatisfy { $0.lifetime == .transient })
  }

  /// Re-laying out the file's own structs without edits gives the file's sizes back.
  @Test(arguments: [
    "modules/6.1/dwarf5/livepatch-sample.ko", "modules/6.12/dwarf5/livepatch-sample.ko",
    "obj/i686/dwarf5/klp_multi.o", "obj/armhf/dwarf4/klp_multi.o", "obj/s390x/dwarf5/klp_multi.o",
  ])
  func unchangedStructsKeepTheirSizes(relative: String) throws {
    let module = try LivepatchReader.analyze(Fixtures.path(relative))
    let model = KlpCostModel(engine: try module.engine(), arrays: module.staticArrays)
    let current = try #require(try model.price([], Workload(demand: NoOpDemand(nops: 0))).first)
    for type in module.report.types
    where ["klp_func", "klp_object", "klp_patch"].contains(type.name) {
      #expect(current.sizes[type.name] == type.size, "\(relative) \(type.name)")
    }
    #expect(current.permanentBytes == module.report.totals.staticBytes)
    #expect(try model.kernelDesign() == .aEmbedded)
  }

  /// klp_multi (vmlinux: 14 funcs, ext4: 10, xfs: 9) replaced by livepatch-sample
  /// (vmlinux: cmdline_proc_show only): by hand, 13 no-ops in vmlinux, and ext4 and
  /// xfs become dynamic objects with 10 and 9 no-ops: 32 no-ops, 2 dynamic objects.
  @Test func replacesCountsNoOpsAsKlpAddNops() throws {
    let old = try LivepatchReader.inspect(Fixtures.path("obj/x86_64/dwarf5/klp_multi.o"))
    let new = try LivepatchReader.inspect(Fixtures.path("modules/6.1/dwarf5/livepatch-sample.ko"))
    let demand = NoOpDemand(replacing: old.patches, by: try #require(new.patches.first))
    #expect(demand.funcsPerObject == [13, 10, 9])
    #expect(demand.nops == 32)
    #expect(demand.dynamicObjects == 2)
    // Replacing the same patch twice adds nothing more: no-ops are found the second time.
    let twice = NoOpDemand(
      replacing: old.patches + old.patches, by: try #require(new.patches.first))
    #expect(twice == demand)
    // A patch replacing itself needs no no-ops.
    #expect(NoOpDemand(replacing: old.patches, by: try #require(old.patches.first)).nops == 0)
  }

  /// klp_multi (replace = true) replacing klp_old_a then klp_old_b (Fixtures/src/replace):
  /// old_a vmlinux: cmdline_proc_show,0 is in klp_multi; meminfo_proc_show,1 is not
  /// (klp_multi has position 2); proc_pid_status → 2 no-ops. old_a ext4:
  /// ext4_file_open,1 matches klp_multi's ,0; ext4_rename → 1. old_a btrfs: new
  /// dynamic object, 2 no-ops. old_b vmlinux: proc_pid_status already a no-op,
  /// vfs_read,0 matches ,1. old_b nfs: dynamic, 1. old_b btrfs: btrfs_sync_file,1
  /// matches the no-op of ,0; btrfs_ioctl → 1. old_b xfs: xfs_log_force,1 is in
  /// klp_multi; xfs_reclaim_inode → 1. Total 8 no-ops, dynamic btrfs and nfs.
  static let expectedNops = [
    NoOp(object: nil, func: "meminfo_proc_show", sympos: 1),
    NoOp(object: nil, func: "proc_pid_status", sympos: 0),
    NoOp(object: "ext4", func: "ext4_rename", sympos: 0),
    NoOp(object: "btrfs", func: "btrfs_sync_file", sympos: 0),
    NoOp(object: "btrfs", func: "btrfs_search_slot", sympos: 2),
    NoOp(object: "nfs", func: "nfs_file_read", sympos: 0),
    NoOp(object: "btrfs", func: "btrfs_ioctl", sympos: 0),
    NoOp(object: "xfs", func: "xfs_reclaim_inode", sympos: 0),
  ]

  static func multiReplacing(_ arch: String) throws -> (NoOpPlan, Workload, [DesignID: DesignCost])
  {
    let new = try LivepatchReader.analyze(Fixtures.path("obj/\(arch)/dwarf5/klp_multi.o"))
    let olds = try ["klp_old_a", "klp_old_b"].map {
      try LivepatchReader.inspect(Fixtures.path("replace/\(arch)/\($0).o"))
    }
    for old in olds { #expect(ReplacedModules.mismatch(new: new.report, old: old) == nil) }
    let patch = try #require(new.report.patches.first)
    #expect(patch.replace)
    let plan = NoOpPlan(replacing: olds.flatMap(\.patches), by: patch)
    let workload = Workload(
      plan: plan, patchedFunctions: UInt64(PatchShape(patch).distinctFunctions), opsSize: nil,
      replacedStaticBytes: olds.reduce(0) { $0 + $1.totals.staticBytes })
    return (plan, workload, try costs("obj/\(arch)/dwarf5/klp_multi.o", workload))
  }

  @Test(arguments: ["x86_64", "i686"])
  func multiObjectReplacingTwoModules(arch: String) throws {
    let (plan, workload, _) = try Self.multiReplacing(arch)
    #expect(plan.nops == Self.expectedNops)
    #expect(plan.dynamicObjects == [DynamicObject(name: "btrfs"), DynamicObject(name: "nfs")])
    #expect(plan.demand.funcsPerObject == [2, 1, 3, 1, 1])
    #expect(workload.patchedFunctions == 33)
  }

  /// The allocations of design A on x86_64: 8 no-ops × kzalloc(152) → kmalloc-192 =
  /// 1536; kstrdup of the names (strlen + 1): 12 × 2 (ext4_rename, btrfs_ioctl),
  /// 14 (nfs_file_read), 16 × 2 (proc_pid_status, btrfs_sync_file), 18 × 3
  /// (meminfo_proc_show, btrfs_search_slot, xfs_reclaim_inode) → 16, 16, 16, 32
  /// bytes: 32 + 16 + 32 + 96 = 176; 2 dynamic objects × kzalloc(168) → kmalloc-192 =
  /// 384; kstrdup("btrfs") 6 and ("nfs") 4 → kmalloc-8: 16. Transient 2112.
  /// Permanent: klp_multi's static klp bytes, 48 + 672 + 2280 + 1672 + 1520 + 200 =
  /// 6392. Replaced: klp_old_a 608 + 456 + 456 + 672 + 200 = 2392, klp_old_b 456 +
  /// 304 + 456 + 456 + 840 + 200 = 2712. Peak 6392 + 2112 + 5104 = 13608.
  ///
  /// i686 (klp_func 80 → kmalloc-96, klp_object 88 → kmalloc-96): 768 + 176 + 192 +
  /// 16 = 1152 transient; static 24 + 352 + 1200 + 880 + 800 + 104 = 3360; replaced
  /// 1256 + 1424 = 2680; peak 7192.
  @Test(arguments: [
    ("x86_64", UInt64(6392), UInt64(2112), UInt64(5104), UInt64(13608), UInt64(1536), UInt64(384)),
    ("i686", UInt64(3360), UInt64(1152), UInt64(2680), UInt64(7192), UInt64(768), UInt64(192)),
  ])
  func multiObjectCostsInDesignA(
    arch: String, permanent: UInt64, transient: UInt64, replaced: UInt64, peak: UInt64,
    funcs: UInt64, objects: UInt64
  ) throws {
    let (_, workload, costs) = try Self.multiReplacing(arch)
    let a = try #require(costs[.aEmbedded])
    #expect(workload.replacedStaticBytes == replaced)
    #expect(
      (a.permanentBytes, a.transientBytes, a.peakBytes(replacedBytes: replaced)) == (
        permanent, transient, peak
      ))
    let byPurpose = Dictionary(grouping: a.allocations, by: \.purpose).mapValues {
      $0.reduce(0) { $0 + $1.totalBytes }
    }
    #expect(byPurpose["klp_alloc_func_nop(): kzalloc"] == funcs)
    #expect(byPurpose["klp_alloc_func_nop(): kstrdup(old_name)"] == 176)
    #expect(byPurpose["klp_alloc_object_dynamic(): kzalloc"] == objects)
    #expect(byPurpose["klp_alloc_object_dynamic(): kstrdup(name)"] == 16)
    let strings = a.allocations.filter { $0.type == nil && $0.purpose.hasSuffix("(old_name)") }
    #expect(strings.map(\.requested) == [12, 14, 16, 18])
    #expect(strings.map(\.count) == [2, 1, 2, 3])
    #expect(strings.map(\.cache) == ["kmalloc-16", "kmalloc-16", "kmalloc-16", "kmalloc-32"])
  }

  /// B and D on x86_64 against A. B: static klp_func shrinks to 136 for all 36
  /// elements (15 + 11 + 10): 4896 + 672 + 200 + 48 = 5816, 576 less; its wrapper is
  /// 152 bytes like A's klp_func, so the same 2112 transient. D: 4896 + 4 × 144 + 192
  /// + 48 = 5712 static; per object one kcalloc: 1 no-op → 2 × 136 = 272 → 512 (×3),
  /// 2 → 408 → 512, 3 → 544 → 1k: 3072; the names 176; the dynamic objects 3 × 144 =
  /// 432 → 512; their names 16: 3776 transient.
  @Test func multiObjectAlternativesOnX86() throws {
    let (_, _, costs) = try Self.multiReplacing("x86_64")
    let b = try #require(costs[.bWrapper]), d = try #require(costs[.dDynArray])
    #expect((b.permanentBytes, b.transientBytes) == (5816, 2112))
    #expect((d.permanentBytes, d.transientBytes) == (5712, 3776))
  }

  /// `struct klp_ops` (patch.h) is priced when its size is known: one per distinct
  /// function the new patch redirects, permanent; the replaced patches' ops of the
  /// functions that become no-ops are freed by klp_discard_nops(). With a hand-given
  /// size of 256 (→ kmalloc-256): 33 × 256 = 8448 permanent, 8 × 256 replaced.
  @Test func klpOpsArePricedWhenTheirSizeIsKnown() throws {
    var (plan, workload, _) = try Self.multiReplacing("x86_64")
    workload.opsSize = 256
    let module = try LivepatchReader.analyze(Fixtures.path("obj/x86_64/dwarf5/klp_multi.o"))
    let model = KlpCostModel(engine: try module.engine(), arrays: module.staticArrays)
    let a = try #require(try model.price(workload).first { $0.id == .aEmbedded })
    #expect(a.permanentBytes == 6392 + 33 * 256)
    #expect(a.transientBytes == 2112)
    #expect(
      model.replacedAllocations(workload).map(\.totalBytes) == [UInt64(plan.nops.count) * 256])
    #expect(!model.notPriced(workload).contains { $0.item == "struct klp_ops" })
    workload.opsSize = nil
    #expect(model.notPriced(workload).contains { $0.item == "struct klp_ops" })
  }

  /// A replaced module must be a livepatch of the same machine and klp layouts.
  @Test func replacedModulesAreChecked() throws {
    let new = try LivepatchReader.inspect(Fixtures.path("obj/x86_64/dwarf5/klp_multi.o"))
    let i686 = try LivepatchReader.inspect(Fixtures.path("replace/i686/klp_old_a.o"))
    let machine = try #require(ReplacedModules.mismatch(new: new, old: i686))
    #expect(
      machine.contains("replace/i686/klp_old_a.o")
        && machine.contains("obj/x86_64/dwarf5/klp_multi.o"))
    let plain = try LivepatchReader.inspect(
      Fixtures.path("modules/6.1/dwarf5/livepatch-shadow-mod.ko"))
    #expect(ReplacedModules.mismatch(new: new, old: plain)?.contains("not a livepatch") == true)
  }
}

/// Replaced modules checked on hand-built reports.
struct ReplacedModulesTests {
  /// A report written by hand.
  static func report(_ file: String, klpFunc: UInt64) throws -> InspectReport {
    InspectReport(
      file: file, machine: "x86_64", pointerSize: 8, byteOrder: "little", livepatch: true,
      modinfoLivepatch: true,
      types: [
        .init(
          name: "klp_func", size: klpFunc, alignment: 8, members: 12, holeBytes: 0, paddingBytes: 5,
          cachelines: 3)
      ],
      arrays: [], patches: [.init(symbol: "patch", replace: true, objects: [], states: [])],
      totals: .init(staticBytes: 0, objects: 0, funcs: 0))
  }

  @Test func otherKlpSizesAreRefusedNamingBoth() throws {
    let new = try Self.report("new.ko", klpFunc: 152)
    let why = try #require(
      ReplacedModules.mismatch(new: new, old: try Self.report("old.ko", klpFunc: 144)))
    #expect(why.contains("old.ko") && why.contains("new.ko") && why.contains("klp_func"))
    #expect(ReplacedModules.mismatch(new: new, old: try Self.report("old.ko", klpFunc: 152)) == nil)
  }
}
