import Livepatch
import Testing

/// The kernel's rules for a loaded stack, on hand-built sysfs values: who heads each
/// func_stack (klp_patch_func()/klp_ftrace_handler(), kernel/livepatch/patch.c), what
/// can be told without stack_order, and the no-ops (klp_add_nops()/klp_discard_nops()).
@Suite struct LoadedStackTests {
  static func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

  static func patch(
    _ name: String, enabled: Bool? = true, transition: Bool? = false, replace: Bool? = false,
    order: Int?, objects: [(String, Bool?, [String])]
  ) -> LoadedPatch {
    LoadedPatch(
      name: bytes(name), enabled: enabled, transition: transition, replace: replace,
      stackOrder: order,
      objects: objects.map { o in
        LoadedObject(
          name: bytes(o.0), patched: o.1,
          funcs: o.2.map { LoadedFunc(directoryName: bytes($0))! })
      })
  }

  static func owner(_ patches: [LoadedPatch], of function: String) -> LoadedStack.Ownership? {
    LoadedStack.ownership(patches).first { $0.function.func.name == bytes(function) }
  }

  @Test func directoryNamesSplitAtTheLastComma() {
    #expect(
      LoadedFunc(directoryName: Self.bytes("comma,in,name,2"))
        == .init(name: Self.bytes("comma,in,name"), sympos: 2))
    for bad in ["nocomma", ",1", "name,", "name,x1", "name,-1", "name,123456789012345678901"] {
      #expect(LoadedFunc(directoryName: Self.bytes(bad)) == nil, "\(bad)")
    }
  }

  @Test func theHighestStackOrderOwns() throws {
    let patches = [
      Self.patch("b", order: 2, objects: [("vmlinux", true, ["f,1"])]),
      Self.patch("a", order: 1, objects: [("vmlinux", true, ["f,1"])]),
      Self.patch("c", order: 3, objects: [("vmlinux", true, ["f,1"])]),
    ]
    let o = try #require(Self.owner(patches, of: "f"))
    #expect(o.owner == 2 && o.shadows == [0, 1] && o.basis == .stackOrder)
  }

  @Test func notPatchedOrDisabledIsNotOnTheStack() throws {
    let patches = [
      Self.patch("a", order: 1, objects: [("mod", true, ["f,1"])]),
      Self.patch("b", order: 2, objects: [("mod", false, ["f,1"])]),
      Self.patch("c", enabled: false, order: 3, objects: [("mod", true, ["f,1"])]),
    ]
    let o = try #require(Self.owner(patches, of: "f"))
    #expect(o.owner == 0 && o.shadows.isEmpty)
    let none = Self.owner([patches[1]], of: "f")
    #expect(none?.owner == nil && none?.basis == LoadedStack.Basis.none)
  }

  @Test func withoutOrderOnlyTheKernelsRulesDecide() throws {
    let two = [
      Self.patch("a", order: nil, objects: [("vmlinux", true, ["f,1"])]),
      Self.patch("b", order: nil, objects: [("vmlinux", true, ["f,1", "g,1"])]),
    ]
    let f = try #require(Self.owner(two, of: "f"))
    #expect(f.owner == nil && f.basis == .unknown && f.undecided == [0, 1])
    let g = try #require(Self.owner(two, of: "g"))
    #expect(g.owner == 1 && g.basis == .only)
    // A settled replace patch is the oldest enabled one.
    var settled = two
    settled[0].replace = true
    let r = try #require(Self.owner(settled, of: "f"))
    #expect(r.owner == 1 && r.shadows == [0] && r.basis == .replace)
    // ... but not while its transition runs (a reversed disable could be on its way back).
    settled[0].transition = true
    #expect(Self.owner(settled, of: "f")?.basis == .unknown)
    // With two others, the replace patch is below both, their order unknown.
    settled[0].transition = false
    settled.append(Self.patch("c", order: nil, objects: [("vmlinux", true, ["f,1"])]))
    let three = try #require(Self.owner(settled, of: "f"))
    #expect(three.owner == nil && three.shadows == [0] && three.undecided == [1, 2])
  }

  /// A patch being disabled (`enabled` 0, `transition` 1) owns nothing once done, but
  /// its funcs are on their stacks until then.
  @Test func aDisablingPatchMarksItsFunctionsInTransition() throws {
    let patches = [
      Self.patch("a", order: 1, objects: [("vmlinux", true, ["f,1", "g,1"])]),
      Self.patch(
        "b", enabled: false, transition: true, order: 2, objects: [("vmlinux", true, ["f,1"])]),
    ]
    let f = try #require(Self.owner(patches, of: "f"))
    #expect(f.owner == 0 && f.inTransition)
    #expect(Self.owner(patches, of: "g")?.inTransition == false)
  }

  @Test func anUnreadableAttributeMakesTheOwnerUnknown() throws {
    let patches = [
      Self.patch("a", order: 1, objects: [("vmlinux", true, ["f,1"])]),
      Self.patch("b", enabled: nil, order: 2, objects: [("vmlinux", true, ["f,1"])]),
      Self.patch("c", order: 3, objects: [("mod", nil, ["g,1"])]),
    ]
    #expect(Self.owner(patches, of: "f")?.basis == .unknown)
    #expect(Self.owner(patches, of: "f")?.undecided == [0, 1])
    #expect(Self.owner(patches, of: "g")?.undecided == [2])
  }

  @Test func noOpsAreThereOnlyDuringAReplaceTransition() {
    let own = [
      LoadedFunction(
        object: Self.bytes("vmlinux"), func: .init(name: Self.bytes("mine"), sympos: 1))
    ]
    var p = Self.patch(
      "r", transition: true, replace: true, order: 2,
      objects: [("vmlinux", true, ["mine,1", "theirs,1"]), ("dyn", true, ["x,3"])])
    let nops = LoadedStack.nops(of: p, own: own)
    #expect(nops?.map { String(decoding: $0.func.name, as: UTF8.self) } == ["x", "theirs"])
    #expect(LoadedStack.nops(of: p, own: nil) == nil, "without its module, unknown")
    p.transition = false
    #expect(LoadedStack.nops(of: p, own: nil) == [], "klp_discard_nops() ran")
    p.transition = true
    p.replace = false
    #expect(LoadedStack.nops(of: p, own: nil) == [], "klp_add_nops() runs only for replace")
  }

  @Test func countedBytesAreOnePatchAndEachObjectAndFunc() {
    let p = Self.patch(
      "a", order: 1, objects: [("vmlinux", true, ["f,1", "g,1"]), ("m", false, [])])
    #expect(
      LoadedStack.countedBytes(of: p, patchSize: 200, objectSize: 168, funcSize: 152) == 200 + 2
        * 168 + 2 * 152)
  }
}
