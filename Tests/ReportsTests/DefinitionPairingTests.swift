import Frontend
import Testing

/// The rule that decides which definition of a name is compared with which (values
/// built by hand: an id and member names per definition).
struct DefinitionPairingTests {
  struct Def: Equatable {
    var id: String
    var names: [String]
  }

  static func pair(
    _ old: [Def], _ new: [Def]
  ) -> (pairs: [(Def, Def)], removed: [Def], added: [Def]) {
    DefinitionPairing.pair(
      old, new, id: { $0.id }, newID: { $0.id }, names: \.names, newNames: \.names)
  }

  @Test func sameIDPairsFirstThenTheOneLeft() {
    let a = Def(id: "a", names: ["irq", "flags"])
    let b = Def(id: "b", names: ["name", "irq", "handler"])
    let b2 = Def(id: "b2", names: ["name", "irq", "handler", "spurious"])
    let r = Self.pair([a, b], [b2, a])
    #expect(r.pairs.map { [$0.0.id, $0.1.id] } == [["a", "a"], ["b", "b2"]])
    #expect(r.removed.isEmpty && r.added.isEmpty)
  }

  @Test func memberNamesPairWhenUnique() {
    let a = Def(id: "a", names: ["x"])
    let b = Def(id: "b", names: ["y"])
    let r = Self.pair([a, b], [Def(id: "b'", names: ["y"]), Def(id: "a'", names: ["x"])])
    #expect(r.pairs.map { [$0.0.id, $0.1.id] } == [["a", "a'"], ["b", "b'"]])
  }

  @Test func ambiguousDefinitionsAreNeverGuessed() {
    let r = Self.pair(
      [Def(id: "a", names: ["x"]), Def(id: "b", names: ["x"])],
      [Def(id: "c", names: ["x"]), Def(id: "d", names: ["x"])])
    #expect(r.pairs.isEmpty)
    #expect(r.removed.map(\.id) == ["a", "b"] && r.added.map(\.id) == ["c", "d"])
  }
}
