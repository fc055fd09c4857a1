import Foundation
import TestSupport
import Testing

struct WhatIfCommandTests {
  static let sample = "modules/6.1/dwarf5/livepatch-sample.ko"

  @Test func jsonHasEveryDesign() throws {
    let r = try CLI.run(["whatif", Fixtures.path(Self.sample), "--nops", "10", "--format", "json"])
    #expect(r.status == 0, "\(r.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    #expect(json["schemaVersion"] as? Int == 2)
    #expect(json["nops"] as? Int == 10)
    let designs = json["designs"] as? [[String: Any]] ?? []
    #expect(designs.compactMap { $0["id"] as? String } == ["base", "A-embedded", "B-wrapper", "C-config-off", "C-config-on", "D-dyn-array"])
    let wrapper = designs.first { $0["id"] as? String == "B-wrapper" }
    #expect(Self.sizes(wrapper)["klp_func_no_op"] == 152)
  }

  @Test func explicitEditsArePricedExactly() throws {
    let r = try CLI.run([
      "whatif", Fixtures.path(Self.sample), "--nops", "3", "--remove", "klp_func.node",
      "--wrap", "klp_func_no_op=klp_func+struct list_head:func_entry", "--add", "klp_patch:bool:flag@after:replace", "--add", "klp_object:unsigned long:extra@after:funcs",
      "--format", "json",
    ])
    #expect(r.status == 0, "\(r.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    let designs = json["designs"] as? [[String: Any]] ?? []
    #expect(designs.compactMap { $0["id"] as? String } == ["current", "edits"])
    let sizes = Self.sizes(designs.last)
    // The bool fills the hole after `replace`; the 8-byte member grows klp_object by 8.
    #expect(sizes["klp_func"] == 136 && sizes["klp_func_no_op"] == 152)
    #expect(sizes["klp_patch"] == 200 && sizes["klp_object"] == 176)
  }

  /// A design's `sizes`, a list of `{name, kind, size}`, as a dictionary by name.
  static func sizes(_ design: [String: Any]?) -> [String: Int] {
    let list = design?["sizes"] as? [[String: Any]] ?? []
    #expect(list.allSatisfy { $0["kind"] as? String == "struct" })
    return Dictionary(list.compactMap { e in (e["name"] as? String).map { ($0, e["size"] as? Int ?? -1) } }) { a, _ in a }
  }

  @Test func textShowsTheTableAndTheLayouts() throws {
    let r = try CLI.run(["whatif", Fixtures.path(Self.sample), "--nops", "10"])
    #expect(r.status == 0)
    #expect(r.stdout.contains("B-wrapper"))
    #expect(r.stdout.contains("struct klp_func_no_op 152 → kmalloc-192"))
    #expect(r.stdout.contains("struct klp_func_no_op {"))
  }

  @Test func replacesWorksFromTheCommandLine() throws {
    let r = try CLI.run(["whatif", Fixtures.path(Self.sample), "--replaces", Fixtures.path("obj/x86_64/dwarf5/klp_multi.o"), "--format", "json"])
    #expect(r.status == 0, "\(r.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    #expect(json["nops"] as? Int == 32)
    #expect(json["dynamicObjects"] as? Int == 2)
  }

  @Test func badEditsExitTwo() throws {
    let r = try CLI.run(["whatif", Fixtures.path(Self.sample), "--remove", "klp_func.nope"])
    #expect(r.status == 2)
    #expect(r.stderr.contains("no member 'nope'"))
    let t = try CLI.run(["whatif", Fixtures.path(Self.sample), "--add", "klp_func:struct nothing_here:x"])
    #expect(t.status == 2)
    #expect(t.stderr.contains("nothing_here"))
  }
}
