import LayoutModel
import Testing
import WhatIf

/// The engine and the cost model on hand-built types: no ELF.
struct EngineTests {
  /// x86_64: `struct list_head { void *next, *prev; }` and a small `klp_func`-like struct.
  static func fixture() -> (TypeTable, [String: TypeID]) {
    var t = TypeTable(abi: TargetABI(machine: "x86_64", pointerSize: 8))
    t[TypeID(1)] = .pointer(target: nil, byteSize: 8)
    t[TypeID(2)] = .base(name: "_Bool", byteSize: 1, encoding: .boolean)
    t[TypeID(3)] = .aggregate(
      AggregateType(
        kind: .structure, name: "list_head", byteSize: 16,
        members: [
          Member(name: "next", type: TypeID(1), bitOffset: 0),
          Member(name: "prev", type: TypeID(1), bitOffset: 64),
        ]))
    t[TypeID(4)] = .aggregate(
      AggregateType(
        kind: .structure, name: "klp_func", byteSize: 32,
        members: [
          Member(name: "old_name", type: TypeID(1), bitOffset: 0),
          Member(name: "node", type: TypeID(3), bitOffset: 64),
          Member(name: "nop", type: TypeID(2), bitOffset: 192),
        ]))
    return (t, ["list_head": TypeID(3), "klp_func": TypeID(4)])
  }

  @Test func removeAddAndWrapExplainThemselves() throws {
    let (table, structs) = Self.fixture()
    let engine = WhatIfEngine(table: table, structs: structs)
    let result = try engine.apply([
      .remove(structName: "klp_func", member: "node"),
      .wrap(
        newName: "klp_func_no_op", structName: "klp_func", field: "orig_func",
        extra: [WrapperMember(name: "func_entry", type: TypeID(3))]),
    ])
    #expect(result.size(of: "klp_func") == 16)
    #expect(result.size(of: "klp_func_no_op") == 32)
    #expect(result.steps.map(\.delta) == [-16, 32])
    #expect(result.layout(of: "klp_func")?.padding == 7)
    let added = try engine.apply([
      .add(structName: "klp_func", member: "extra", type: TypeID(2), after: "nop")
    ])
    #expect(added.size(of: "klp_func") == 32)
    #expect(added.layout(of: "klp_func")?.members.last?.byteOffset == 25)
  }

  @Test func editsOfWhatIsNotThereAreErrors() {
    let (table, structs) = Self.fixture()
    let engine = WhatIfEngine(table: table, structs: structs)
    #expect(
      throws: WhatIfError.noSuchMember(structName: "klp_func", member: "nope", suggestion: "node")
    ) {
      try engine.apply([.remove(structName: "klp_func", member: "nope")])
    }
    #expect(throws: WhatIfError.noSuchStruct("klp_nothing", suggestion: nil)) {
      try engine.apply([.remove(structName: "klp_nothing", member: "x")])
    }
    #expect(throws: WhatIfError.duplicateMember(structName: "klp_func", member: "nop")) {
      try engine.apply([.add(structName: "klp_func", member: "nop", type: TypeID(2), after: nil)])
    }
  }

  @Test(arguments: [
    (UInt64(1), UInt64(8), "kmalloc-8"), (UInt64(96), UInt64(96), "kmalloc-96"),
    (UInt64(97), UInt64(128), "kmalloc-128"),
    (UInt64(152), UInt64(192), "kmalloc-192"), (UInt64(1496), UInt64(2048), "kmalloc-2k"),
    (UInt64(8192), UInt64(8192), "kmalloc-8k"),
    (UInt64(8193), UInt64(16384), "4 pages"), (UInt64(12289), UInt64(16384), "4 pages"),
    (UInt64(4097 * 8), UInt64(65536), "16 pages"),
  ])
  func kmallocClasses(size: UInt64, bytes: UInt64, cache: String) {
    let (b, c) = KmallocClasses.standard.allocation(size)
    #expect(b == bytes)
    #expect(c == cache)
  }

  @Test func noOpDemandCountsLikeTheKernel() {
    let demand = NoOpDemand(nops: 5, dynamicObjects: 2)
    #expect(demand.nops == 5 && demand.funcsPerObject == [5] && demand.dynamicObjects == 2)
    #expect(NoOpDemand(nops: 0).funcsPerObject.isEmpty)
  }
}
