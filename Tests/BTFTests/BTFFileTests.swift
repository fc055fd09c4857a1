import BTF
import Foundation
import System
import TestSupport
import Testing

/// The BTF reader on its own: what libbpf accepts and what the checks beyond it
/// refuse, on hand-built records and on the fixtures' BTF.
struct BTFFileTests {
  // Strings: 0 "", 1 "int", 5 "s", 7 "a".
  static let strings = "\0int\0s\0a\0"
  static let int: [UInt32] = [1, BTFBytes.info(1), 4, 0x0100_0020]

  @Test func aWellFormedFileReadsAsItsRecords() throws {
    // [1] int, [2] struct s { int a; } of 4 bytes.
    let bytes = BTFBytes.make(
      [Self.int, [5, BTFBytes.info(4, vlen: 1), 4, 7, 1, 0]], strings: Self.strings)
    let file = try BTFFile.parse(bytes, path: "hand")
    #expect(file.typeCount == 3 && file.firstID == 1 && file.byteOrder == .little)
    let s = try #require(file.type(2))
    #expect(s.kind == .structure && s.name == "s" && s.size == 4)
    #expect(s.members.map(\.name) == ["a"] && s.members.map(\.type) == [1])
    #expect(file.type(3) == nil)
  }

  @Test func headersThatLieAreRefusedInOneLine() {
    let good = BTFBytes.make([Self.int], strings: Self.strings)
    var badMagic = good
    badMagic[0] = 0
    var shortStrings = good
    shortStrings[20] = 0xFF  // the string section's length, past the end
    for (name, bytes) in [
      ("magic", badMagic), ("strings", shortStrings), ("cut", Array(good.prefix(10))),
    ] {
      #expect(throws: BTFError.self, "\(name)") { try BTFFile.parse(bytes, path: name) }
    }
  }

  @Test func aReferenceToNothingIsRefused() {
    let bytes = BTFBytes.make([Self.int, [0, BTFBytes.info(2), 99]], strings: Self.strings)
    #expect {
      try BTFFile.parse(bytes, path: "dangling")
    } throws: { "\($0)".contains("BTF type [2]") }
  }

  @Test func splitBTFNeedsItsBase() throws {
    let split = try Data(
      contentsOf: URL(fileURLWithPath: Fixtures.path("btf/split/livepatch-sample.split.btf")))
    #expect(throws: BTFError.needsBase(file: "split")) {
      try BTFFile.parse([UInt8](split), path: "split")
    }
    let baseBytes = try Data(
      contentsOf: URL(fileURLWithPath: Fixtures.path("btf/split/base-6.1.btf")))
    let base = try BTFFile.parse([UInt8](baseBytes), path: "base")
    let file = try BTFFile.parse([UInt8](split), path: "split", base: base)
    #expect(file.firstID == base.typeCount && file.typeCount > base.typeCount)
    let wrong = try Data(
      contentsOf: URL(fileURLWithPath: Fixtures.path("btf/split/wrong-base.btf")))
    let wrongBase = try BTFFile.parse([UInt8](wrong), path: "wrong")
    #expect(throws: BTFError.self) {
      try BTFFile.parse([UInt8](split), path: "split", base: wrongBase)
    }
  }

  /// A kernel's records are checked in parts on several threads; the failure reported
  /// is the first by id, as one thread reports it, wherever the parts are cut.
  @Test(arguments: [1, 2, 3, 8])
  func theFirstBadRecordIsReportedOnAnyThreads(jobs: Int) {
    // [1] int, then 9,999 typedefs of it; two of them refer past the last type.
    var records: [[UInt32]] = [[1, BTFBytes.info(1), 4, 0x0100_0020]]
    records += (2...10_000).map { [5, BTFBytes.info(8), $0 == 3000 || $0 == 8000 ? 99_999 : 1] }
    let bytes = BTFBytes.make(records, strings: Self.strings)
    #expect {
      try BTFFile.parse(bytes, path: "two-bad", workers: Workers(jobs))
    } throws: { "\($0)".contains("[3000]") && !"\($0)".contains("[8000]") }
  }

  /// On a kernel-sized file, checked in parts: a cycle is refused on any number of
  /// threads, and a bad record beside it is what is reported, as one thread reports it.
  @Test(arguments: [1, 2, 8])
  func aCycleInABigFileIsRefusedAfterBadRecords(jobs: Int) {
    var records: [[UInt32]] = [[1, BTFBytes.info(1), 4, 0x0100_0020]]
    records += (2...10_000).map { _ in [5, BTFBytes.info(8), 1] }
    records[5000 - 1] = [5, BTFBytes.info(8), 5001]
    records[5001 - 1] = [5, BTFBytes.info(8), 5000]
    #expect {
      try BTFFile.parse(
        BTFBytes.make(records, strings: Self.strings), path: "cycle", workers: Workers(jobs))
    } throws: { "\($0)".contains("refers back to itself") }
    records[7000 - 1] = [5, BTFBytes.info(8), 99_999]
    #expect {
      try BTFFile.parse(
        BTFBytes.make(records, strings: Self.strings), path: "both", workers: Workers(jobs))
    } throws: { "\($0)".contains("[7000]") && !"\($0)".contains("refers back to itself") }
  }

  /// The nesting is measured while the records are checked: a member or a typedef
  /// that refers past the last type is reported as such, on any number of threads, and
  /// the walk that meets it first does not trip over it.
  @Test(arguments: [1, 2])
  func aReferencePastTheEndMetByTheNestingWalkIsReportedAsOne(jobs: Int) {
    // [1] int, [2] struct s { int a; <past the end> a; }, [3] typedef to past the end.
    for records in [
      [Self.int, [5, BTFBytes.info(4, vlen: 2), 8, 7, 1, 0, 7, 99_999, 32]],
      [Self.int, [5, BTFBytes.info(4, vlen: 1), 4, 7, 3, 0], [5, BTFBytes.info(8), 99_999]],
    ] {
      #expect {
        try BTFFile.parse(
          BTFBytes.make(records, strings: Self.strings), path: "past", workers: Workers(jobs))
      } throws: { "\($0)".contains("[99999] is past the last type") }
    }
  }

  @Test func theDefaultBaseIsAFunctionOfThePath() {
    #expect(BTFFile.defaultBase(for: "/sys/kernel/btf/nf_tables") == "/sys/kernel/btf/vmlinux")
    #expect(BTFFile.defaultBase(for: "/sys/kernel/btf/vmlinux") == nil)
    #expect(BTFFile.defaultBase(for: "/tmp/nf_tables.btf") == nil)
  }
}
