import ReportSchema
import Livepatch
import TestSupport
import Testing
import WhatIf

/// The 2017 designs priced on real modules.
struct WhatIfFixtureTests {
  static func costs(_ relative: String, _ demand: NoOpDemand) throws -> [DesignID: DesignCost] {
    let module = try LivepatchReader.analyze(Fixtures.path(relative))
    let model = KlpCostModel(engine: module.engine(), arrays: module.staticArrays)
    return Dictionary(uniqueKeysWithValues: try model.price(demand).map { ($0.id, $0) })
  }

  /// The numbers of the issue: base klp_func 136, A 152, the wrapper 152 served from
  /// kmalloc-192, and A costs 2 × 16 bytes more than base in `funcs`.
  @Test func livepatchSample61() throws {
    let c = try Self.costs("modules/6.1/dwarf5/livepatch-sample.ko", NoOpDemand(nops: 10))
    // Unwrapped first: comparing an Optional<UInt64> inside #expect trips
    // AddressSanitizer in the toolchain's AnyHashable conversion (not in our code).
    let base = try #require(c[.base]), a = try #require(c[.aEmbedded]), b = try #require(c[.bWrapper])
    let off = try #require(c[.cConfigOff]), on = try #require(c[.cConfigOn]), d = try #require(c[.dDynArray])
    #expect(base.sizes["klp_func", default: 0] == 136)
    #expect(a.sizes["klp_func", default: 0] == 152)
    #expect(b.sizes["klp_func_no_op", default: 0] == 152)
    #expect(b.allocations.first?.cache == "kmalloc-192")
    #expect(b.dynamicBytes == 10 * 192)
    #expect(a.dynamicBytes == 10 * 192)
    let funcsDelta: UInt64 = 2 * (152 - 136)
    let objsDelta: UInt64 = 2 * (168 - 136)
    let patchDelta: UInt64 = 200 - 184
    #expect(a.staticBytes - base.staticBytes == funcsDelta + objsDelta + patchDelta)
    #expect(a.staticBytes == 840)
    #expect(off.dynamicBytes == 0 && off.staticBytes == base.staticBytes)
    #expect(on.totalBytes == a.totalBytes)
    #expect(d.allocations.first.map(\.requested) == 11 * 136)
  }

  /// Re-laying out the file's own structs without edits gives the file's sizes back.
  @Test(arguments: ["modules/6.1/dwarf5/livepatch-sample.ko", "modules/6.12/dwarf5/livepatch-sample.ko", "obj/i686/dwarf5/klp_multi.o", "obj/armhf/dwarf4/klp_multi.o", "obj/s390x/dwarf5/klp_multi.o"])
  func unchangedStructsKeepTheirSizes(relative: String) throws {
    let module = try LivepatchReader.analyze(Fixtures.path(relative))
    let model = KlpCostModel(engine: module.engine(), arrays: module.staticArrays)
    let current = try #require(try model.price([], NoOpDemand(nops: 0)).first)
    for type in module.report.types where ["klp_func", "klp_object", "klp_patch"].contains(type.name) {
      #expect(current.sizes[type.name] == type.size, "\(relative) \(type.name)")
    }
    #expect(current.staticBytes == module.report.totals.staticBytes)
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
    let twice = NoOpDemand(replacing: old.patches + old.patches, by: try #require(new.patches.first))
    #expect(twice == demand)
    // A patch replacing itself needs no no-ops.
    #expect(NoOpDemand(replacing: old.patches, by: try #require(old.patches.first)).nops == 0)
  }
}
