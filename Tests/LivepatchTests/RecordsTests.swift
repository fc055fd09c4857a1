import ReportSchema
import Livepatch
import TestSupport
import Testing

/// Records-based modules (kpatch `.kpatch.funcs`, klp-build `.init.klp_*`): the tree
/// from the records, and the heap the init code allocates, priced by hand here.
struct RecordsTests {
  static let archs = ["x86_64", "i686", "s390x"]

  static func expectTree(_ report: InspectReport, _ format: RecordFormat) throws {
    #expect(report.livepatch)
    #expect(report.records == format)
    let patch = try #require(report.patches.first)
    #expect(patch.source == "\(format.rawValue) records")
    #expect(patch.objects.map(\.target) == ["vmlinux", "ext4"])
    #expect(patch.objects.map { $0.funcs.count } == [3, 2])
    #expect(patch.objects[0].name == nil)
    let names = patch.objects.flatMap(\.funcs).map { $0.oldName ?? "?" }
    #expect(
      names == [
        "cmdline_proc_show", "meminfo_proc_show", "do_sys_openat2", "ext4_file_open",
        "ext4_sync_file",
      ])
    #expect(patch.objects[0].funcs[2].oldSympos == 2)
    #expect(
      patch.objects.flatMap(\.funcs).allSatisfy { $0.newFunc == "livepatch_" + ($0.oldName ?? "") })
  }

  @Test(arguments: archs)
  func kpatchRecords(arch: String) throws {
    let report = try LivepatchReader.analyze(Fixtures.path("records/\(arch)/kpatch_style.o")).report
    try Self.expectTree(report, .kpatch)
    // .kpatch.funcs, then one record in .kpatch.callbacks.pre_patch and .post_unpatch
    #expect(report.arrays.map(\.count) == [5, 1, 1])
    // kpatch's callback records land on the objects they name, as klp-build's do.
    #expect(report.patches[0].objects[1].callbacks == ["pre_patch": "ext4_pre_patch"])
    #expect(report.patches[0].objects[0].callbacks == ["post_unpatch": "vmlinux_post_unpatch"])
    #expect(report.heap == nil, "this file does not define the klp structs")
  }

  @Test(arguments: archs)
  func klpBuildRecords(arch: String) throws {
    let report = try LivepatchReader.analyze(Fixtures.path("records/\(arch)/klp_build_style.o"))
      .report
    try Self.expectTree(report, .klpBuild)
    #expect(report.patches[0].objects[1].callbacks.keys.sorted() == ["post_unpatch", "pre_patch"])
    #expect(report.arrays.map(\.count) == [2, 5])
  }

  /// x86_64 with 6.1's sizes (klp_patch 200, klp_object 168, klp_func 152):
  /// 200 → kmalloc-256; objects 3 × 168 = 504 → 512; funcs 4 × 152 = 608 → 1k and
  /// 3 × 152 = 456 → 512: 2304 bytes. i686 (104, 88, 80): 128 + 512 (264) + 512 (320)
  /// + 256 (240) = 1408 bytes.
  @Test(arguments: [
    ("x86_64", "modules/6.1/dwarf5/livepatch-sample.ko", UInt64(2304)),
    ("i686", "obj/i686/dwarf5/klp_multi.o", UInt64(1408)),
  ])
  func heapAtInit(arch: String, typesFrom: String, bytes: UInt64) throws {
    for record in ["kpatch_style", "klp_build_style"] {
      let report = try LivepatchReader.analyze(
        Fixtures.path("records/\(arch)/\(record).o"), typesFrom: Fixtures.path(typesFrom)
      ).report
      #expect(report.heap?.bytes == bytes, "\(arch) \(record)")
      #expect(report.heap?.allocations.count == 4)
    }
  }
}
