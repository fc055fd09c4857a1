import LayoutModel
import Testing

@testable import Safety

/// Layout changes of structs and unions, on hand-built types.
struct TypeChangeTests {
  /// `struct conn { int fd; long flags; char name[16]; }` with `extra` spliced in.
  static func conn(_ build: inout Build, extra: [(String?, TypeID, UInt64)] = [], shift: UInt64 = 0)
  {
    let int = build.int()
    let long = build.long()
    let char = build.char()
    let name = build.add(.array(element: char, counts: [16]))
    build.aggregate(
      "conn", size: 32 + shift,
      [("fd", int, 0), ("flags", long, 8), ("name", name, 16 + shift)] + extra)
  }

  @Test func identicalTypesAreNoChange() {
    var old = Build()
    Self.conn(&old)
    var new = Build()
    Self.conn(&new)
    #expect(SafetyEngine.compare(old: old.entities, new: new.entities).isEmpty)
  }

  @Test func aMemberAddedInTheMiddleIsUnsafe() throws {
    var old = Build()
    Self.conn(&old)
    var new = Build()
    let pointer = new.add(.pointer(target: nil, byteSize: 8))
    Self.conn(&new, extra: [("cookie", pointer, 16)], shift: 8)
    let changes = SafetyEngine.compare(old: old.entities, new: new.entities, file: "conn.o")
    let c = try #require(changes.first)
    #expect(changes.count == 1)
    #expect(
      c.entity == .type && c.name == "conn" && c.kind == .structure && c.severity == .unsafe
        && c.file == "conn.o")
    #expect(
      c.reason
        == "struct conn grew from 32 to 40 bytes: cookie added at offset 16; name moved from offset 16 to offset 24."
    )
    #expect(c.old.members?.map(\.name) == ["name"])
    #expect(c.new.members?.map(\.name) == ["cookie", "name"])
    #expect(c.old.size == 32 && c.new.size == 40)
    #expect(c.remedy.contains("shadow variable"))
  }

  @Test func aMemberIntoAHoleIsAWarning() throws {
    var old = Build()
    let char = old.char()
    let long = old.long()
    old.aggregate("s", size: 16, [("a", char, 0), ("b", long, 8)])
    var new = Build()
    let nchar = new.char()
    let nlong = new.long()
    let nint = new.int()
    new.aggregate("s", size: 16, [("a", nchar, 0), ("c", nint, 4), ("b", nlong, 8)])
    let c = try #require(SafetyEngine.compare(old: old.entities, new: new.entities).first)
    #expect(c.severity == .warning)
    #expect(
      c.reason
        == "struct s keeps its size and every member's offset: c added into a hole at offset 4.")
  }

  @Test func aMemberOverlappingAnOldOneIsUnsafeEvenWithTheSameSize() throws {
    var old = Build()
    let int = old.int()
    old.aggregate("s", size: 8, [("a", int, 0), ("b", int, 4)])
    var new = Build()
    let nint = new.int()
    let nchar = new.char()
    // b shrinks its reach by becoming char, and c takes bytes b used to hold.
    new.aggregate("s", size: 8, [("a", nint, 0), ("b", nchar, 4), ("c", nchar, 5)])
    let c = try #require(SafetyEngine.compare(old: old.entities, new: new.entities).first)
    #expect(c.severity == .unsafe)
    #expect(c.reason.contains("b changed type from int to char"))
  }

  @Test func aBitFieldWidenedChangesBitLayout() throws {
    var old = Build()
    let u = old.unsigned()
    old.aggregate("f", size: 4, [], bitFields: [("lo", u, 0, 3), ("hi", u, 3, 2)])
    var new = Build()
    let nu = new.unsigned()
    new.aggregate("f", size: 4, [], bitFields: [("lo", nu, 0, 4), ("hi", nu, 4, 2)])
    let c = try #require(SafetyEngine.compare(old: old.entities, new: new.entities).first)
    #expect(c.severity == .unsafe)
    #expect(
      c.reason
        == "struct f keeps its size of 4 bytes but changed inside: lo resized from 3 bits to 4 bits; hi moved from bit 3 to bit 4."
    )
    #expect(c.new.members?.first?.bitSize == 4)
  }

  @Test func aBitFieldIntoUnusedBitsIsAWarning() throws {
    var old = Build()
    let u = old.unsigned()
    old.aggregate("f", size: 4, [], bitFields: [("lo", u, 0, 3)])
    var new = Build()
    let nu = new.unsigned()
    new.aggregate("f", size: 4, [], bitFields: [("lo", nu, 0, 3), ("flag", nu, 3, 1)])
    let c = try #require(SafetyEngine.compare(old: old.entities, new: new.entities).first)
    #expect(c.severity == .warning)
    #expect(c.reason.contains("flag added into unused bits of the tail padding at offset 0"))
  }

  @Test func aNestedChangeReachesEveryEmbeddingType() throws {
    func build(innerSize: UInt64, extra: Bool) -> Build {
      var b = Build()
      let int = b.int()
      let inner = b.aggregate(
        "inner", size: innerSize, [("a", int, 0), ("b", int, 4)] + (extra ? [("c", int, 8)] : []))
      let typedef = b.add(.typedef(name: "inner_t", target: inner))
      let array = b.add(.array(element: typedef, counts: [2]))
      let outer = b.aggregate(
        "outer", size: 8 + innerSize * 2, [("x", int, 0), ("pair", array, 8)])
      // Anonymous member holding struct outer: the embedding still counts.
      let anonymous = b.aggregate(nil, size: 8 + innerSize * 2, [("o", outer, 0)])
      b.aggregate("top", size: 8 + innerSize * 2, [(nil, anonymous, 0)])
      let pointer = b.add(.pointer(target: inner, byteSize: 8))
      b.aggregate("holder", size: 8, [("p", pointer, 0)])  // a pointer does not embed
      return b
    }
    let changes = SafetyEngine.compare(
      old: build(innerSize: 8, extra: false).entities,
      new: build(innerSize: 12, extra: true).entities)
    #expect(changes.map(\.name) == ["inner", "outer", "top"])
    #expect(changes.allSatisfy { $0.severity == .unsafe })
    #expect(changes[1].through == ["struct inner"])
    #expect(changes[1].reason.contains("embeds struct inner (member pair), which changed"))
    #expect(changes[2].through == ["struct outer"])
    #expect(changes[2].new.members?.map(\.name) == ["o"])
  }

  @Test func aSameSizeNestedChangeIsReportedOnlyThroughTheEmbedding() throws {
    func build(_ typeName: String) -> Build {
      var b = Build()
      let t = b.add(
        .base(name: typeName, byteSize: 4, encoding: typeName == "float" ? .float : .signed))
      let inner = b.aggregate("inner", size: 4, [("a", t, 0)])
      b.aggregate("outer", size: 4, [("in", inner, 0)])
      return b
    }
    let changes = SafetyEngine.compare(old: build("int").entities, new: build("float").entities)
    #expect(changes.map(\.name) == ["inner", "outer"])
    #expect(
      changes[1].reason
        == "struct outer keeps its size of 4 bytes but changed inside: embeds struct inner (member in), which changed."
    )
    #expect(
      changes[1].remedy.hasPrefix(
        "Keep the old layout of struct inner, which every struct outer holds by value"))
  }

  /// `int` to `long` on a 32-bit target: the same bits, stored the same way.
  @Test func aRespelledMemberOfTheSameRepresentationIsAWarning() throws {
    func build(_ name: String) -> Build {
      var b = Build()
      b.aggregate(
        "s", size: 4, [("n", b.add(.base(name: name, byteSize: 4, encoding: .signed)), 0)])
      return b
    }
    let c = try #require(
      SafetyEngine.compare(old: build("int").entities, new: build("long int").entities).first)
    #expect(c.severity == .warning)
    #expect(
      c.reason
        == "struct s keeps its size and every member's offset: n changed type from int to long int, stored the same way on this target."
    )
  }

  /// A callback whose prototype changed is unsafe even though a pointer is a pointer.
  @Test func aRetypedFunctionPointerIsUnsafe() throws {
    func build(_ parameter: String) -> Build {
      var b = Build()
      let p = b.add(.base(name: parameter, byteSize: 4, encoding: .signed))
      let f = b.add(.function(returns: nil, parameters: [p], variadic: false))
      b.aggregate("ops", size: 8, [("cb", b.add(.pointer(target: f, byteSize: 8)), 0)])
      return b
    }
    let c = try #require(
      SafetyEngine.compare(old: build("int").entities, new: build("long int").entities).first)
    #expect(c.severity == .unsafe)
    #expect(
      c.reason
        == "struct ops keeps its size of 8 bytes but changed inside: cb changed type from void (*)(int) to void (*)(long int)."
    )
  }

  @Test func aUnionMemberWithinTheOldSizeAliasesAsAWarning() throws {
    var old = Build()
    let long = old.long()
    old.aggregate("u", size: 8, kind: .union, [("l", long, 0)])
    var new = Build()
    let nlong = new.long()
    let nint = new.int()
    new.aggregate("u", size: 8, kind: .union, [("l", nlong, 0), ("i", nint, 0)])
    let c = try #require(SafetyEngine.compare(old: old.entities, new: new.entities).first)
    #expect(c.kind == .union && c.severity == .warning)
    #expect(c.reason.contains("i added over the union's existing members"))
  }

  @Test func aRenameIsAWarningAndARemovalUnsafe() throws {
    func build(_ names: [String]) -> Build {
      var b = Build()
      let int = b.int()
      b.aggregate(
        "s", size: UInt64(names.count) * 4, names.enumerated().map { ($1, int, UInt64($0) * 4) })
      return b
    }
    let renamed = try #require(
      SafetyEngine.compare(old: build(["a", "b"]).entities, new: build(["a", "c"]).entities).first)
    #expect(renamed.severity == .warning && renamed.reason.contains("b renamed to c"))
    let removed = try #require(
      SafetyEngine.compare(old: build(["a", "b"]).entities, new: build(["a"]).entities).first)
    #expect(
      removed.severity == .unsafe
        && removed.reason == "struct s shrank from 8 to 4 bytes: b removed.")
  }

  @Test func newTypesAndDeclarationsAreNotChanges() {
    var old = Build()
    Self.conn(&old)
    var new = Build()
    Self.conn(&new)
    let int = new.int()
    new.aggregate("fresh", size: 4, [("x", int, 0)])
    #expect(SafetyEngine.compare(old: old.entities, new: new.entities).isEmpty)
  }
}
