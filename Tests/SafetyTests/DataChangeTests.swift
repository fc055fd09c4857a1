import LayoutModel
import Testing

@testable import Safety

/// Initial contents compared on hand-built values, as objtool's klp-diff compares them:
/// bytes, and relocations by what they point to; values shown by the variable's type.
struct DataChangeTests {
  /// One variable of `type` per build, holding each side's bytes.
  static func change(
    _ old: [UInt8]?, _ new: [UInt8]?, bigEndian: Bool = false,
    oldRefs: [DataReference] = [], newRefs: [DataReference] = [], section: String = ".data",
    type make: (inout Build) -> TypeID?
  ) -> [SafetyChange] {
    var a = Build()
    a.bigEndian = bigEndian
    a.variable(
      "v", type: make(&a), bytes: old, size: UInt64((old ?? new ?? []).count), references: oldRefs,
      section: section)
    var b = Build()
    b.bigEndian = bigEndian
    b.variable(
      "v", type: make(&b), bytes: new, size: UInt64((new ?? old ?? []).count), references: newRefs,
      section: section)
    return SafetyEngine.compare(old: a.entities, new: b.entities)
  }

  @Test func aChangedScalarNamesBothValues() throws {
    let c = try #require(Self.change([10, 0, 0, 0], [20, 0, 0, 0]) { $0.int() }.first)
    #expect(c.entity == .variable && c.change == .initializer && c.severity == .unsafe)
    #expect(c.old.initial == "10" && c.new.initial == "20" && c.at == nil)
    #expect(c.reason.contains("v is initialized to 20 instead of 10"))
    #expect(c.remedy.contains("pre-patch callback") && c.remedy.contains("klp_shadow"))
    // The same bytes: nothing.
    #expect(Self.change([7, 0, 0, 0], [7, 0, 0, 0]) { $0.int() }.isEmpty)
  }

  @Test func bssReadsAsZeros() throws {
    #expect(Self.change(nil, [0, 0, 0, 0]) { $0.int() }.isEmpty)
    let c = try #require(Self.change(nil, [3, 0, 0, 0]) { $0.int() }.first)
    #expect(c.old.initial == "0" && c.new.initial == "3")
  }

  @Test func valuesAreReadInTheTargetsByteOrder() throws {
    let big = try #require(
      Self.change([0, 0, 0, 1, 0, 0, 0, 0], [0, 0, 0, 2, 0, 0, 0, 1], bigEndian: true) {
        $0.add(.base(name: "long long unsigned int", byteSize: 8, encoding: .unsigned))
      }.first)
    #expect(big.old.initial == "4294967296" && big.new.initial == "8589934593")
    let negative = try #require(
      Self.change([0xff, 0xff, 0xff, 0xff], [1, 0, 0, 0]) { $0.int() }.first)
    #expect(negative.old.initial == "-1")
  }

  @Test func anArrayNamesItsFirstDifferingElement() throws {
    let ports: (inout Build) -> TypeID? = { b in
      b.add(
        .array(
          element: b.add(.base(name: "short unsigned int", byteSize: 2, encoding: .unsigned)),
          counts: [4]))
    }
    let c = try #require(
      Self.change(
        [21, 0, 22, 0, 80, 0, 1, 0], [21, 0, 22, 0, 0x90, 0x1f, 1, 0], section: ".rodata",
        type: ports
      ).first)
    #expect(c.at == "[2]" && c.old.initial == "80" && c.new.initial == "8080")
    #expect(c.remedy.contains("new name"))
    let banner: (inout Build) -> TypeID? = { b in b.add(.array(element: b.char(), counts: [7])) }
    let s = try #require(
      Self.change(Array("klp v1\0".utf8), Array("klp v2\0".utf8), section: ".rodata", type: banner)
        .first)
    #expect(s.at == "[5]" && s.old.initial == "\"klp v1\"" && s.new.initial == "\"klp v2\"")
  }

  @Test func aStructNamesItsMemberAndBitField() throws {
    let cfg: (inout Build) -> TypeID? = { b in
      b.aggregate("cfg", size: 8, [("retries", b.int(), 0), ("timeout", b.int(), 4)])
    }
    let c = try #require(
      Self.change([3, 0, 0, 0, 30, 0, 0, 0], [3, 0, 0, 0, 45, 0, 0, 0], type: cfg).first)
    #expect(c.at == ".timeout" && c.old.initial == "30" && c.new.initial == "45")
    // level: bits 3..6; 5 is 0xaa on a little-endian target, 0x4b on a big-endian one.
    let flags: (inout Build) -> TypeID? = { b in
      b.aggregate(
        "link_flags", size: 4, [],
        bitFields: [("up", b.unsigned(), 0, 3), ("level", b.unsigned(), 3, 4)])
    }
    let little = try #require(Self.change([0xaa, 0, 0, 0], [0xca, 0, 0, 0], type: flags).first)
    #expect(little.at == ".level" && little.old.initial == "5" && little.new.initial == "9")
    let big = try #require(
      Self.change([0x4b, 0, 0, 0], [0x53, 0, 0, 0], bigEndian: true, type: flags).first)
    #expect(big.at == ".level" && big.old.initial == "5" && big.new.initial == "9")
  }

  @Test func pointersAreComparedByWhatTheyPointTo() throws {
    let pointer: (inout Build) -> TypeID? = { b in b.add(.pointer(target: b.int(), byteSize: 8)) }
    let zeros = [UInt8](repeating: 0, count: 8)
    func ref(_ t: DataReference.Target) -> [DataReference] { [DataReference(offset: 0, target: t)] }
    let retarget = try #require(
      Self.change(
        zeros, zeros, oldRefs: ref(.symbol("pool_a", addend: 0)),
        newRefs: ref(.symbol("pool_b", addend: 0)), type: pointer
      ).first)
    #expect(retarget.old.initial == "&pool_a" && retarget.new.initial == "&pool_b")
    let addend = try #require(
      Self.change(
        zeros, zeros, oldRefs: ref(.symbol("slots", addend: 4)),
        newRefs: ref(.symbol("slots", addend: 8)), type: pointer
      ).first)
    #expect(addend.old.initial == "&slots+4" && addend.new.initial == "&slots+8")
    let text = try #require(
      Self.change(
        zeros, zeros, oldRefs: ref(.string(Array("hi".utf8))),
        newRefs: ref(.string(Array("hello".utf8))), type: pointer
      ).first)
    #expect(text.old.initial == "\"hi\"" && text.new.initial == "\"hello\"")
    // The same target: no change, wherever in its section it now is.
    #expect(
      Self.change(
        zeros, zeros, oldRefs: ref(.symbol("op_a", addend: 0)),
        newRefs: ref(.symbol("op_a", addend: 0)), type: pointer
      ).isEmpty)
    // An anonymous constant takes no part (klp-diff skips the relocation).
    #expect(Self.change(zeros, zeros, oldRefs: ref(.anonymous), newRefs: [], type: pointer).isEmpty)
    #expect(
      Self.change(zeros, [1, 0, 0, 0, 0, 0, 0, 0], type: pointer).first?.old.initial == "NULL")
  }

  @Test func functionStaticsPairByFunctionAndName() throws {
    var a = Build()
    a.variable("count", function: "stat_rx", type: a.int(), bytes: [1, 0, 0, 0])
    a.variable("count", function: "stat_tx", type: a.int(), bytes: [2, 0, 0, 0])
    a.variable("resets", function: "conn_reset", type: a.int(), bytes: nil, size: 4)
    var b = Build()
    // Another order, a new static, one gone.
    b.variable("count", function: "stat_err", type: b.int(), bytes: [9, 0, 0, 0])
    b.variable("count", function: "stat_tx", type: b.int(), bytes: [3, 0, 0, 0])
    b.variable("count", function: "stat_rx", type: b.int(), bytes: [1, 0, 0, 0])
    let changes = SafetyEngine.compare(old: a.entities, new: b.entities)
    #expect(changes.map(\.name) == ["conn_reset::resets", "stat_tx::count"])
    #expect(changes[0].change == .removed && changes[0].severity == .warning)
    #expect(changes[0].remedy.contains("keep a reference to it in conn_reset"))
    #expect(changes[1].change == .initializer && changes[1].new.initial == "3")
  }

  @Test func repeatedNamesPairByContentsThenPosition() throws {
    var a = Build()
    a.variable("debug", type: a.int(), bytes: [1, 0, 0, 0])
    a.variable("debug", type: a.int(), bytes: [2, 0, 0, 0])
    var b = Build()
    b.variable("debug", type: b.int(), bytes: [2, 0, 0, 0])
    b.variable("debug", type: b.int(), bytes: [1, 0, 0, 0])
    #expect(SafetyEngine.compare(old: a.entities, new: b.entities).isEmpty)
    b.variables[1].contents?.bytes = [5, 0, 0, 0]
    let c = SafetyEngine.compare(old: a.entities, new: b.entities)
    #expect(c.count == 1 && c.first?.old.initial == "1" && c.first?.new.initial == "5")
  }

  @Test func objectsWithoutDWARFAreComparedByTheirBytes() throws {
    var a = Build()
    a.variable("reltable.op_name", type: nil, bytes: [0, 0, 0, 0, 4, 0, 0, 0])
    var b = Build()
    b.variable("reltable.op_name", type: nil, bytes: [0, 0, 0, 0, 8, 0, 0, 0])
    let c = try #require(SafetyEngine.compare(old: a.entities, new: b.entities).first)
    #expect(c.change == .initializer && c.at == "+4" && c.old.initial == "bytes 04 00 00 00")
    b.variables[0].contents?.size = 12
    b.variables[0].contents?.bytes?.append(contentsOf: [0, 0, 0, 0])
    #expect(SafetyEngine.compare(old: a.entities, new: b.entities).first?.change == .size)
  }

  @Test func remediesFollowTheSection() throws {
    let int: (inout Build) -> TypeID? = { $0.int() }
    let boot = try #require(
      Self.change([5, 0, 0, 0], [10, 0, 0, 0], section: ".init.data", type: int).first)
    #expect(boot.remedy.contains("init code, which has already run"))
    let cpu = try #require(
      Self.change([100, 0, 0, 0], [200, 0, 0, 0], section: ".data..percpu", type: int).first)
    #expect(cpu.remedy.contains("for each possible CPU"))
    let limit = try #require(
      Self.change([5, 0, 0, 0], [6, 0, 0, 0], section: ".rodata", type: int).first)
    #expect(limit.remedy.contains("Give the changed constant a new name"))
  }

  @Test func theSameChangeInManyObjectsIsOneFinding() throws {
    var change = SafetyChange(
      entity: .type, name: "conn", kind: .structure, severity: .unsafe, reason: "r", remedy: "m",
      old: .init(size: 4), new: .init(size: 8))
    change.source = .init(file: "include/conn.h", line: 3)
    var found: [SafetyChange] = []
    for file in ["c.o", "a.o", "b.o"] {
      var c = change
      c.file = file
      c.origin = .init(old: EntityOrigin(rawValue: UInt64(file.count)), new: nil)
      found.append(c)
    }
    var elsewhere = change
    elsewhere.source = .init(file: "drivers/other.h", line: 9)
    elsewhere.file = "d.o"
    let merged = SafetyEngine.merged(found + [elsewhere])
    #expect(merged.count == 2)
    #expect(
      merged[0].files == ["a.o", "b.o", "c.o"] && merged[0].count == 3 && merged[0].file == "a.o")
    #expect(merged[1].files == ["d.o"] && merged[1].count == 1)
  }
}
