import LayoutModel
import Testing

/// `TypeMemo` is a hash table of its own: every answer set comes back, whatever the
/// ids (dense BTF numbers, sparse DWARF offsets, ids that collide), through growth,
/// and a copy goes on alone.
struct TypeMemoTests {
  static let table = TypeTable(abi: TargetABI(machine: "x86_64", pointerSize: 8), denseIDs: 100)

  @Test(arguments: [1, 15, 16, 17, 1000, 20000])
  func everyAnswerComesBack(count: Int) {
    let memo = TypeMemo<String>(Self.table)
    // Dense ids, DWARF-like offsets, and ids that differ only in high bits.
    let ids = (0..<count).map { i -> TypeID in
      switch i % 3 {
      case 0: return TypeID(UInt64(i))
      case 1: return TypeID(0xB_0000 + UInt64(i) * 37)
      default: return TypeID(UInt64(i) << 40)
      }
    }
    for id in ids { memo[id] = "t\(id.rawValue)" }
    for id in ids { #expect(memo[id] == "t\(id.rawValue)") }
    // Ids never set answer nil.
    #expect(memo[TypeID(UInt64.max)] == nil)
    #expect(memo[TypeID(0xDEAD_BEEF_0000)] == nil)
  }

  /// The largest id (whose key would wrap to the empty mark) is an id like the others.
  @Test func theLargestIDIsKept() {
    let memo = TypeMemo<Int>(Self.table)
    memo[TypeID(UInt64.max)] = 9
    for i in 0..<100 { memo[TypeID(UInt64(i))] = i }
    #expect(memo[TypeID(UInt64.max)] == 9)
    #expect((0..<100).allSatisfy { memo[TypeID(UInt64($0))] == $0 })
  }

  @Test func answersAreReplacedAndCleared() {
    let memo = TypeMemo<Int>(Self.table)
    memo[TypeID(5)] = 1
    memo[TypeID(5)] = 2
    #expect(memo[TypeID(5)] == 2)
    memo[TypeID(5)] = nil
    #expect(memo[TypeID(5)] == nil)
    memo[TypeID(5)] = 3
    #expect(memo[TypeID(5)] == 3)
    memo[TypeID(6)] = nil  // clearing what was never set changes nothing
    #expect(memo[TypeID(6)] == nil)
  }

  /// Optional answers (`TypeMemo<UInt64?>`: "known to be unknown") stay apart from
  /// "not asked yet".
  @Test func optionalAnswersAreKept() {
    let memo = TypeMemo<UInt64?>(Self.table)
    memo[TypeID(7)] = .some(nil)
    #expect(memo[TypeID(7)] == .some(nil))
    #expect(memo[TypeID(8)] == nil)
  }
}
