import BTF
import LayoutLoader
import LayoutModel
import System
import TestSupport
import Testing

/// Hand-built BTF: the kinds newer than pahole 1.24 knows (FLOAT, DECL_TAG, TYPE_TAG,
/// ENUM64), and what the checks refuse.
struct BTFKindsTests {
  static func btf(_ records: [[UInt32]], strings: String) -> [UInt8] {
    BTFBytes.make(records, strings: strings)
  }

  static func info(_ kind: UInt32, vlen: UInt32 = 0, kflag: Bool = false) -> UInt32 {
    BTFBytes.info(kind, vlen: vlen, kflag: kflag)
  }

  // Strings: 0 "", 1 "int", 5 "double", 12 "s", 14 "p", 16 "d", 18 "e", 20 "user", 25 "tag", 29 "E"
  static let strings = "\0int\0double\0s\0p\0d\0e\0user\0tag\0E\0"

  /// [1] int, [2] FLOAT double, [3] TYPE_TAG "user" → [1], [4] PTR → [3],
  /// [5] ENUM64 E (8 bytes, 1 value), [6] STRUCT s { p: [4] @0, d: [2] @64, e: [5] @128 },
  /// [7] DECL_TAG "tag" on [6].
  static let newKinds: [[UInt32]] = [
    [1, info(1), 4, 0x0100_0020],
    [5, info(16), 8],
    [20, info(18), 1],
    [0, info(2), 3],
    [29, info(19, vlen: 1), 8, 18, 1, 0],
    [12, info(4, vlen: 3), 24, 14, 4, 0, 16, 2, 64, 18, 5, 128],
    [25, info(17), 6, 0xFFFF_FFFF],
  ]

  @Test func newerKindsLoad() throws {
    let loader = try TypeSources.rawBTF(
      Self.btf(Self.newKinds, strings: Self.strings), name: "new-kinds")
    let loaded = try loader.loadNamed(["s"])
    let layout = try #require(loaded.layout(of: loaded.definitions[0].id))
    #expect(layout.size == 24)
    #expect(layout.members.map(\.byteOffset) == [0, 8, 16])
    #expect(layout.members.map(\.byteSize) == [8, 8, 8])
    let naming = TypeNaming(table: loaded.table)
    // TYPE_TAG is looked through: `int *`, not `user *`.
    #expect(layout.members.map { naming.name(of: $0.type) } == ["int *", "double", "enum E"])
    #expect(loaded.source == .btf)
  }

  /// Enums from their records: a declaration (no constants) before the definition does
  /// not hide it; ENUM values are signed by the kind flag, 32 bits sign-extended; an
  /// ENUM64's value is its high and low words.
  @Test func enumsComeFromTheirDefinitions() throws {
    // Strings: 0 "", 1 "E", 3 "A", 5 "B", 7 "W", 9 "C"
    let strings = "\0E\0A\0B\0W\0C\0"
    let records: [[UInt32]] = [
      [1, Self.info(6), 4],  // [1] enum E; (a declaration)
      [1, Self.info(6, vlen: 2, kflag: true), 4, 3, 0, 5, 0xFFFF_FFFF],  // [2] E { A = 0, B = -1 }
      [7, Self.info(19, vlen: 1), 8, 9, 0x0000_0001, 0x8000_0000],  // [3] W { C = 2^63 + 1 }
    ]
    let loader = try TypeSources.rawBTF(Self.btf(records, strings: strings), name: "enums")
    let picks = try loader.loadSelected(TypeSpec.parse(["enum E", "W"])).picks
    let enums = picks.compactMap { if case .enumeration(let e) = $0 { e } else { nil } }
    #expect(enums.map(\.name) == ["E", "W"])
    #expect(enums.first?.enumerators.map(\.value) == [.signed(0), .signed(-1)])
    #expect(enums.last?.enumerators.map(\.value) == [.unsigned(1 << 63 | 1)])
    #expect(enums.map(\.byteSize) == [4, 8])
  }

  @Test func referencesPastTheEndAreRefused() {
    var records = Self.newKinds
    records[3] = [0, Self.info(2), 99]
    #expect(throws: LoaderError.self) {
      try TypeSources.rawBTF(Self.btf(records, strings: Self.strings), name: "bad-ref")
    }
    records = Self.newKinds
    records[0][0] = 500
    #expect(throws: LoaderError.self) {
      try TypeSources.rawBTF(Self.btf(records, strings: Self.strings), name: "bad-name")
    }
  }

  @Test func aTypedefCycleIsRefused() {
    let records: [[UInt32]] = [
      [1, Self.info(1), 4, 0x0100_0020], [12, Self.info(8), 3], [14, Self.info(8), 2],
    ]
    #expect {
      try TypeSources.rawBTF(Self.btf(records, strings: Self.strings), name: "cycle")
    } throws: { "\($0)".contains("refers back to itself") }
  }
}
