import ReportSchema
import Livepatch
import TestSupport
import Testing

/// Inspection of real modules, against the numbers the kernel's own sample has.
struct InspectFixtureTests {
  @Test(arguments: ["modules/6.1/dwarf4", "modules/6.1/dwarf5"])
  func livepatchSampleHasItsKnownTree(directory: String) throws {
    let report = try LivepatchReader.inspect(Fixtures.path(directory + "/livepatch-sample.ko"))
    #expect(report.livepatch)
    let arrays = Dictionary(uniqueKeysWithValues: report.arrays.map { ($0.symbol, $0) })
    #expect(
      arrays["funcs"]?.count == 2 && arrays["funcs"]?.entries == 1 && arrays["funcs"]?.bytes == 304)
    #expect(arrays["objs"]?.bytes == 336 && arrays["objs"]?.sentinel == true)
    #expect(arrays["patch"]?.bytes == 200 && arrays["patch"]?.sentinel == false)
    #expect(report.totals.staticBytes == 840)
    let object = try #require(report.patches.first?.objects.first)
    #expect(object.name == nil && object.target == "vmlinux")
    #expect(
      object.funcs == [
        .init(oldName: "cmdline_proc_show", newFunc: "livepatch_cmdline_proc_show", oldSympos: 0)
      ])
  }

  @Test func aModuleWithoutKlpDataSaysSo() throws {
    let report = try LivepatchReader.inspect(
      Fixtures.path("modules/6.1/dwarf5/livepatch-shadow-mod.ko"))
    #expect(!report.livepatch)
    #expect(report.arrays.isEmpty && report.patches.isEmpty)
  }
}
