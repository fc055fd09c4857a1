import LayoutModel
import Testing

/// Hand-built types, no ELF: the layout arithmetic on its own.
struct StructLayoutTests {
  /// x86_64-like table with `char`, `int`, `long`, `unsigned int`, `unsigned long`.
  static func table() -> TypeTable {
    var t = TypeTable(abi: TargetABI(machine: "x86_64", pointerSize: 8))
    t[TypeID(1)] = .base(name: "char", byteSize: 1, encoding: .signed)
    t[TypeID(2)] = .base(name: "int", byteSize: 4, encoding: .signed)
    t[TypeID(3)] = .base(name: "long int", byteSize: 8, encoding: .signed)
    t[TypeID(4)] = .base(name: "unsigned int", byteSize: 4, encoding: .unsigned)
    t[TypeID(5)] = .base(name: "long unsigned int", byteSize: 8, encoding: .unsigned)
    return t
  }

  static func member(_ name: String, _ type: UInt64, byte: UInt64) -> Member {
    Member(name: name, type: TypeID(type), bitOffset: byte * 8)
  }

  @Test func holeBetweenCharAndLongAndTailPadding() {
    let s = AggregateType(
      kind: .structure, name: "s", byteSize: 24,
      members: [
        Self.member("c", 1, byte: 0), Self.member("l", 3, byte: 8), Self.member("i", 2, byte: 16),
      ])
    let layout = StructLayout(s, table: Self.table())
    #expect(layout.holeAfter == [7, 0, 0])
    #expect(layout.holes.map(\.offset) == [1])
    #expect(layout.holeBytes == 7)
    #expect(layout.padding == 4)
    #expect(layout.memberBytes == 13)
    #expect(layout.alignment == 8)
    #expect(!layout.isPacked)
    #expect(layout.cachelines == 1 && layout.lastCachelineBytes == 24)
  }

  /// `struct bf { unsigned a:3; unsigned b:7; char c; unsigned long d:40; int e:2; }`
  /// as gcc lays it out on x86_64; pahole reports a 6-bit hole after `b`, 30 bits of
  /// bit padding and 4 bytes of padding.
  @Test func bitFieldsFollowPaholeConventions() {
    let s = AggregateType(
      kind: .structure, name: "bf", byteSize: 16,
      members: [
        Member(name: "a", type: TypeID(4), bitOffset: 0, bitFieldSize: 3),
        Member(name: "b", type: TypeID(4), bitOffset: 3, bitFieldSize: 7),
        Self.member("c", 1, byte: 2),
        Member(name: "d", type: TypeID(5), bitOffset: 24, bitFieldSize: 40),
        Member(name: "e", type: TypeID(2), bitOffset: 64, bitFieldSize: 2),
      ])
    let layout = StructLayout(s, table: Self.table())
    #expect(layout.members.map(\.byteOffset) == [0, 0, 2, 0, 8])
    #expect(layout.members.map(\.bitFieldOffset) == [0, 3, nil, 24, 0])
    #expect(layout.bitHoleAfter == [0, 6, 0, 0, 0])
    #expect(layout.bitPadding == 30)
    #expect(layout.padding == 4)
    #expect(layout.bitFieldBits == 52)
    #expect(layout.holeBytes == 0)
  }

  @Test func unionsHaveNoHoles() {
    let u = AggregateType(
      kind: .union, name: "u", byteSize: 8,
      members: [Self.member("c", 1, byte: 0), Self.member("l", 3, byte: 0)])
    let layout = StructLayout(u, table: Self.table())
    #expect(layout.holeBytes == 0 && layout.padding == 0)
    #expect(layout.alignment == 8)
  }

  @Test func misalignedMemberMeansPacked() {
    let p = AggregateType(
      kind: .structure, name: "p", byteSize: 5,
      members: [Self.member("c", 1, byte: 0), Self.member("i", 2, byte: 1)])
    let layout = StructLayout(p, table: Self.table())
    #expect(layout.isPacked)
    #expect(layout.alignment == 1)
    #expect(layout.holeBytes == 0 && layout.padding == 0)
  }

  @Test func cachelineCountsUseTheGivenSizeNotTheHosts() {
    var t = Self.table()
    t[TypeID(9)] = .array(element: TypeID(1), counts: [200])
    let s = AggregateType(
      kind: .structure, name: "big", byteSize: 200, members: [Self.member("x", 9, byte: 0)])
    #expect(StructLayout(s, table: t, cachelineSize: 64).cachelines == 4)
    #expect(StructLayout(s, table: t, cachelineSize: 128).cachelines == 2)
    #expect(StructLayout(s, table: t, cachelineSize: 128).lastCachelineBytes == 72)
  }

  @Test func i386CapsScalarAlignmentAtFour() {
    var t = TypeTable(abi: TargetABI(machine: "i386", pointerSize: 4))
    t[TypeID(1)] = .base(name: "long long int", byteSize: 8, encoding: .signed)
    t[TypeID(2)] = .base(name: "char", byteSize: 1, encoding: .signed)
    let s = AggregateType(
      kind: .structure, name: "s", byteSize: 12,
      members: [Self.member("c", 2, byte: 0), Self.member("ll", 1, byte: 4)])
    let layout = StructLayout(s, table: t)
    #expect(!layout.isPacked)
    #expect(layout.alignment == 4)
    #expect(layout.holeBytes == 3)
  }

  @Test func hostileSizesDoNotTrap() {
    var t = Self.table()
    t[TypeID(9)] = .array(element: TypeID(3), counts: [UInt64.max / 2])
    t[TypeID(10)] = .typedef(name: "loop", target: TypeID(11))
    t[TypeID(11)] = .typedef(name: "loop2", target: TypeID(10))
    #expect(t.size(of: TypeID(9)) == nil)
    #expect(t.size(of: TypeID(10)) == nil)
    let s = AggregateType(
      kind: .structure, name: "evil", byteSize: UInt64.max,
      members: [
        Member(name: "x", type: TypeID(9), bitOffset: UInt64.max), Self.member("y", 10, byte: 3),
      ])
    let layout = StructLayout(s, table: t)
    #expect(layout.members.count == 2)
  }
}
