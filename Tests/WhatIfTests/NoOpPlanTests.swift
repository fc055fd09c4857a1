import Testing
import WhatIf

/// `NoOpPlan` on hand-built patches: each rule of klp_add_nops() (kernel/livepatch/core.c)
/// on its own.
struct NoOpPlanTests {
  typealias Object = PatchShape.ObjectShape
  typealias Func = PatchShape.FuncShape

  static func patch(_ objects: [(String?, [(String, UInt64)])]) -> PatchShape {
    PatchShape(
      objects: objects.map {
        Object(name: $0.0, funcs: $0.1.map { Func(oldName: $0.0, sympos: $0.1) })
      })
  }

  @Test func funcsMatchByNameAndPosition() {
    let new = Self.patch([(nil, [("a", 0), ("b", 2)])])
    let old = Self.patch([(nil, [("a", 1), ("b", 1), ("c", 0)])])
    let plan = NoOpPlan(replacing: [old], by: new)
    // a,1 is a,0 (klp_find_func() since 6.19); b,1 is not b,2; c is missing.
    #expect(
      plan.nops == [
        NoOp(object: nil, func: "b", sympos: 1), NoOp(object: nil, func: "c", sympos: 0),
      ])
    #expect(plan.dynamicObjects.isEmpty)
  }

  @Test func objectsMatchByNameAndVmlinuxByNull() {
    let new = Self.patch([(nil, [("a", 0)]), ("ext4", [("e", 0)])])
    let old = Self.patch([("vmlinux", [("x", 0)]), (nil, [("a", 0)]), ("ext4", [("f", 0)])])
    let plan = NoOpPlan(replacing: [old], by: new)
    // An object *named* "vmlinux" is a module name to klp_find_object(), not the kernel.
    #expect(plan.dynamicObjects == [DynamicObject(name: "vmlinux")])
    #expect(
      plan.nops == [
        NoOp(object: "vmlinux", func: "x", sympos: 0), NoOp(object: "ext4", func: "f", sympos: 0),
      ])
  }

  @Test func noOpsAreFoundForTheNextReplacedPatch() {
    let new = Self.patch([(nil, [("a", 0)])])
    let first = Self.patch([("xfs", [("x", 0), ("y", 3)])])
    let second = Self.patch([("xfs", [("x", 1), ("y", 3), ("z", 0)]), (nil, [("a", 1)])])
    let plan = NoOpPlan(replacing: [first, second], by: new)
    #expect(plan.dynamicObjects == [DynamicObject(name: "xfs")])
    #expect(plan.nops.map(\.func) == ["x", "y", "z"])
    #expect(plan.demand == NoOpDemand(funcsPerObject: [3], dynamicObjects: 1))
  }

  @Test func aDynamicVmlinuxObjectHasNoName() {
    let new = Self.patch([("ext4", [("e", 0)])])
    let old = Self.patch([(nil, [("a", 0)])])
    let plan = NoOpPlan(replacing: [old], by: new)
    #expect(plan.dynamicObjects == [DynamicObject(name: nil)])
    #expect(plan.nops == [NoOp(object: nil, func: "a", sympos: 0)])
  }

  @Test func nothingToReplaceNothingAllocated() {
    let new = Self.patch([(nil, [("a", 0)])])
    #expect(NoOpPlan(replacing: [], by: new) == NoOpPlan(nops: [], dynamicObjects: []))
    #expect(NoOpPlan(replacing: [new], by: new).nops.isEmpty)
  }

  @Test func distinctFunctionsCountEachRedirectedFunctionOnce() {
    let p = Self.patch([(nil, [("a", 0), ("a", 1), ("a", 2)]), ("m", [("a", 0)])])
    #expect(p.distinctFunctions == 3)
  }
}

/// kmalloc pricing of single allocations, with lifetimes.
struct HeapAllocationTests {
  @Test func pricesThroughTheCaches() {
    let a = HeapAllocation(
      purpose: "p", type: .structure("klp_func"), elements: 3, count: 2, requested: 456,
      lifetime: .transient, kmalloc: .standard)
    #expect((a.cache, a.bytes, a.totalBytes) == ("kmalloc-512", 512, 1024))
    #expect(a.what == "struct klp_func[3]")
    let s = HeapAllocation(
      purpose: "kstrdup", type: nil, count: 1, requested: 7, lifetime: .permanent,
      kmalloc: .standard)
    #expect((s.cache, s.what) == ("kmalloc-8", "string"))
  }
}
