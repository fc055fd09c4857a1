import ReportSchema
import LayoutModel
import Testing

@testable import Safety

/// Variables, function prototypes and enumerators, on hand-built entities.
struct EntityChangeTests {
  @Test func aRetypedGlobalIsUnsafeAndANewOneIsNot() throws {
    var old = Build()
    old.variables.append(VariableEntity(name: "count", type: old.int(), isExternal: true))
    var new = Build()
    new.variables.append(VariableEntity(name: "count", type: new.long(), isExternal: true))
    new.variables.append(VariableEntity(name: "fix_state", type: new.int(), isExternal: false))
    let changes = SafetyEngine.compare(old: old.entities, new: new.entities)
    let c = try #require(changes.first)
    #expect(changes.count == 1)
    #expect(c.entity == .variable && c.name == "count" && c.severity == .unsafe)
    #expect(c.old == .init(size: 4, type: "int") && c.new == .init(size: 8, type: "long int"))
    #expect(c.change == .type)
    #expect(c.reason.hasPrefix("count changed type from int (4 bytes) to long int (8 bytes)"))
  }

  @Test func aGlobalWhoseStructGrewChangesSize() throws {
    func build(_ size: UInt64) -> Build {
      var b = Build()
      let s = b.aggregate("conn", size: size, [("fd", b.int(), 0)])
      b.variables.append(VariableEntity(name: "g_conn", type: s, isExternal: true))
      b.variables.append(
        VariableEntity(
          name: "__UNIQUE_ID_license12", type: b.add(.array(element: b.char(), counts: [size])),
          isExternal: false))
      return b
    }
    let changes = SafetyEngine.compare(old: build(4).entities, new: build(8).entities)
    #expect(changes.map(\.name) == ["conn", "g_conn"])
    #expect(
      changes[1].reason.hasPrefix(
        "g_conn changed size from 4 bytes to 8 bytes (its type struct conn changed)"))
  }

  @Test func aChangedPrototypeIsUnsafe() throws {
    func build(_ params: [String], returns: String) -> Build {
      var b = Build()
      let r = b.add(.base(name: returns, byteSize: 4, encoding: .signed))
      let ps = params.map { b.add(.base(name: $0, byteSize: 4, encoding: .signed)) }
      b.functions["f"] = FunctionEntity(
        name: "f", returns: r, parameters: ps, variadic: false, isExternal: true)
      b.functions["g"] = FunctionEntity(
        name: "g", returns: nil, parameters: [], variadic: false, isExternal: false)
      return b
    }
    let c = try #require(
      SafetyEngine.compare(
        old: build(["int"], returns: "int").entities,
        new: build(["int", "int"], returns: "int").entities
      ).first)
    #expect(c.entity == .function && c.name == "f" && c.severity == .unsafe)
    #expect(c.old.prototype == "int f(int)" && c.new.prototype == "int f(int, int)")
    #expect(
      c.reason
        == "f: its parameters changed, so callers outside the patch would call it with the original prototype."
    )
    let r = try #require(
      SafetyEngine.compare(
        old: build(["int"], returns: "int").entities, new: build(["int"], returns: "long").entities
      ).first)
    #expect(r.reason.hasPrefix("f: its return type changed from int to long"))
    #expect(
      SafetyEngine.compare(
        old: build(["int"], returns: "int").entities, new: build(["int"], returns: "int").entities
      ).isEmpty)
  }

  @Test func aShiftedEnumeratorIsUnsafeAndAnAppendedOneIsNot() throws {
    func build(_ names: [String]) -> Build {
      var b = Build()
      for (i, n) in names.enumerated() {
        b.enumerators[n] = EnumeratorEntity(name: n, enumName: "state", value: Int64(i))
      }
      return b
    }
    #expect(
      SafetyEngine.compare(old: build(["A", "B"]).entities, new: build(["A", "B", "C"]).entities)
        .isEmpty)
    let changes = SafetyEngine.compare(
      old: build(["A", "B"]).entities, new: build(["A", "X", "B"]).entities)
    #expect(changes.count == 1)
    #expect(
      changes.first?.name == "B" && changes.first?.old.value == 1 && changes.first?.new.value == 2)
    #expect(changes.first?.old.type == "enum state")
    // One inserted enumerator shifting three: one change listing the three.
    let shifted = SafetyEngine.compare(
      old: build(["A", "B", "C", "D"]).entities, new: build(["A", "X", "B", "C", "D"]).entities)
    #expect(shifted.count == 1)
    #expect(shifted.first?.name == "B")
    #expect(
      shifted.first?.enumerators == [
        .init(name: "B", old: 1, new: 2), .init(name: "C", old: 2, new: 3),
        .init(name: "D", old: 3, new: 4),
      ])
    #expect(shifted.first?.reason.hasPrefix("3 enumerators of enum state changed value") == true)
  }

  @Test func theDocumentVerdictFollowsTheWorstChange() {
    let warning = SafetyChange(
      entity: .type, name: "s", kind: .structure, severity: .warning, reason: "r", remedy: "m",
      old: .init(), new: .init())
    let files = SafetyDocument.Files(compared: 1, identical: 0, onlyInOld: [], onlyInNew: [])
    #expect(SafetyDocument(old: "a", new: "b", files: files, changes: [warning]).verdict == .safe)
    var unsafe = warning
    unsafe.severity = .unsafe
    #expect(
      SafetyDocument(old: "a", new: "b", files: files, changes: [warning, unsafe]).verdict
        == .unsafe)
  }
}
