import LayoutLoader
import LayoutModel
import TestSupport
import Testing
import WhatIf

/// The moves `audit` proposes (docs/audit.md), on Fixtures/src/parity/audit_moves.c:
/// the fewest, each measured by re-layout, never moving an end or crossing an aligned
/// member, and the layout they give the one gcc gives the same declaration.
struct MoveFinderTests {
  static let file = "parity/x86_64/audit_moves.o"

  static func load() throws -> LayoutResult {
    try LayoutRequest(path: Fixtures.path(file), types: []).run()
  }

  static func aggregate(_ name: String, in result: LayoutResult) throws -> AggregateType {
    let named = try #require(result.loaded.definitions.first { $0.name == name })
    return try #require(result.table.aggregate(named.id))
  }

  /// task_struct in small: two moves in the group after `se` save 64 bytes, because
  /// `thread` (aligned 64) then starts a cacheline earlier; the 12 bytes of holes before
  /// `se` are left alone (closing them cannot move `se`).
  @Test func taskStructInSmall() throws {
    let result = try Self.load()
    let a = try Self.aggregate("am_task", in: result)
    let plan = try #require(MoveFinder(table: result.table).plan(a))
    #expect(plan.size == 512 && plan.saved == 64)
    #expect(plan.moves.map(\.members) == [["exit_state"], ["sas_ss_flags"]])
    #expect(plan.moves.map(\.after) == ["policy", "pid"])
    #expect(
      plan.moves.map(\.fromOffset) == [208, 256] && plan.moves.map(\.toOffset) == [196, 236])
    #expect(plan.moves.allSatisfy { $0.hole == 4 && $0.savedBytes == 8 && $0.size == 4 })
    // The ends and the aligned members stay; nothing crosses `se`.
    let names = plan.layout.members.map(\.name)
    #expect(names.first == "thread_info" && names.last == "thread")
    let se = try #require(names.firstIndex(of: "se"))
    #expect(Set(names[..<se]) == Set(a.members[..<se].map(\.name)))
    // gcc's layout of the same two moves made by hand.
    let compiled = try Self.aggregate("am_task_moved", in: result)
    #expect(plan.layout.members.map(\.name) == compiled.members.map(\.name))
    #expect(plan.layout.members.map(\.bitOffset) == compiled.members.map(\.bitOffset))
    #expect(plan.layout.byteSize == compiled.byteSize)
  }

  /// A search stopped at its bound says so and keeps what it found, still proven by
  /// re-layout; the full search (well inside the bound) says nothing.
  @Test func aBoundedSearchSaysItWasCutShort() throws {
    let result = try Self.load()
    let a = try Self.aggregate("am_task", in: result)
    let full = try #require(MoveFinder(table: result.table).plan(a))
    #expect(!full.cutShort)
    // Enough for the first move's trials, not for the second's.
    var cut: MoveFinder.Plan?
    for budget in stride(from: 200, through: 20_000, by: 200) {
      cut = MoveFinder(table: result.table, maxTrialMembers: budget).plan(a)
      if cut != nil { break }
    }
    let plan = try #require(cut)
    #expect(plan.cutShort)
    #expect(plan.size < a.byteSize ?? 0 && plan.size >= full.size)
    #expect(plan.moves.count <= full.moves.count)
    #expect(try Self.relaidSize(a, order: Self.order(a, plan), table: result.table) == plan.size)
  }

  /// Member names of `a` in the order `plan`'s moves give.
  static func order(_ a: AggregateType, _ plan: MoveFinder.Plan) throws -> [String] {
    var names = a.members.map { $0.name ?? "" }
    for move in plan.moves {
      names.removeAll { $0 == move.members[0] }
      let at = try #require(names.firstIndex(of: move.after))
      names.insert(move.members[0], at: at + 1)
    }
    return names
  }

  /// Each move is needed: without any one of them the struct is larger.
  @Test func noMoveCanBeDropped() throws {
    let result = try Self.load()
    let a = try Self.aggregate("am_task", in: result)
    let plan = try #require(MoveFinder(table: result.table).plan(a))
    for dropped in plan.moves.indices {
      var names = a.members.map { $0.name ?? "" }
      for (i, move) in plan.moves.enumerated() where i != dropped {
        names.removeAll { $0 == move.members[0] }
        let at = try #require(names.firstIndex(of: move.after))
        names.insert(move.members[0], at: at + 1)
      }
      #expect(try Self.relaidSize(a, order: names, table: result.table) > plan.size)
    }
  }

  /// The members in `order`, laid out again.
  static func relaidSize(_ a: AggregateType, order: [String], table: TypeTable) throws -> UInt64 {
    var declaration = Declaration(recovering: a, table: table)
    let byName = Dictionary(uniqueKeysWithValues: declaration.members.map { ($0.name ?? "", $0) })
    declaration.members = order.compactMap { byName[$0] }
    return try #require(ReLayout(table: table).layout(declaration).byteSize)
  }

  /// Where pahole is right (nothing aligned, no end moved), one move saves what its
  /// whole proposal saves.
  @Test func asMuchAsPaholeWhereItIsRight() throws {
    let result = try Self.load()
    let plan = try #require(
      MoveFinder(table: result.table).plan(try Self.aggregate("am_simple", in: result)))
    let oracle = try #require(Fixtures.oracle(for: Self.file, kind: "reorganize.txt"))
    let block = try #require(
      oracle.components(separatedBy: "=== struct ").first {
        $0.hasPrefix("am_simple\n")
      })
    #expect(block.contains("/* saved 8 bytes! */"))
    #expect(plan.saved == 8 && plan.moves.count == 1)
  }

  /// aesni_xts_ctx in small, and a page-aligned buffer: every wasted byte is forced by
  /// alignment, and no move saves one.
  @Test(arguments: [("am_forced", 24 as UInt64), ("am_page_hole", 8108)])
  func forcedAlignmentIsNotAFinding(name: String, forced: UInt64) throws {
    let result = try Self.load()
    let a = try Self.aggregate(name, in: result)
    #expect(MoveFinder(table: result.table).plan(a) == nil)
    let layout = StructLayout(a, table: result.table)
    let f = ForcedAlignment(layout, table: result.table)
    #expect(f.bytes == forced && f.bytes == layout.holeBytes + layout.padding)
  }
}
