import LayoutModel
import ReportSchema
import WhatIf

extension AuditUseCase {
  /// Finds, for one struct at a time, what the audit proposes (docs/audit.md): the
  /// fewest moves (`MoveFinder`), or a whole new order (`Reorganizer`).
  struct Proposer {
    let table: TypeTable
    /// The audit's one set of layout facts (each nested type laid out once).
    let facts: LayoutFacts
    let cachelineSize: UInt64
    let mode: Proposals
    let finder: MoveFinder
    let reorganizer: Reorganizer

    init(table: TypeTable, facts: LayoutFacts, cachelineSize: UInt64, mode: Proposals) {
      self.table = table
      self.facts = facts
      self.cachelineSize = cachelineSize
      self.mode = mode
      self.finder = MoveFinder(table: table)
      self.reorganizer = Reorganizer(table: table)
    }

    /// A smaller layout and how it was found.
    struct Found {
      var layout: AuditDocument.ProposedLayout
      var size: UInt64
      var saved: UInt64
      var order: [String]
      var method: String
      var moves: [AuditDocument.Move] = []
      var cutShort = false
    }

    /// What is proposed for `a` (laid out as `layout`): nothing when it is not a
    /// struct, nothing is smaller, or proposals are not asked for. With moves, the size
    /// a full re-sort would reach is named too when it is smaller, so the reader knows
    /// what keeping the ends and the aligned members in place costs.
    func propose(_ a: AggregateType, layout: StructLayout) -> (Found?, fullReorderSize: UInt64?) {
      guard a.kind == .structure else { return (nil, nil) }
      switch mode {
      case .none: return (nil, nil)
      case .fullReorder:
        let proposal = reorganizer.propose(a).map {
          found($0.layout, size: $0.size, saved: $0.saved, method: $0.method, current: layout)
        }
        return (proposal, nil)
      case .moves:
        let full = reorganizer.propose(a)
        let plan = finder.plan(a)
        let reached = plan?.size ?? layout.size
        let hint = full.flatMap { $0.size < reached ? $0.size : nil }
        guard let plan else { return (nil, hint) }
        var result = found(
          plan.layout, size: plan.size, saved: plan.saved, method: "moved members",
          current: layout)
        result.moves = plan.moves.map(Self.move)
        result.cutShort = plan.cutShort
        return (result, hint)
      }
    }

    private func found(
      _ proposal: AggregateType, size: UInt64, saved: UInt64, method: String,
      current: StructLayout
    ) -> Found {
      Found(
        layout: .init(
          layout: facts.layout(proposal, cachelineSize: cachelineSize),
          table: table, current: current),
        size: size, saved: saved, order: proposal.members.map { $0.name ?? "<anonymous>" },
        method: method)
    }

    static func move(_ m: MoveFinder.Move) -> AuditDocument.Move {
      AuditDocument.Move(
        members: m.members, size: m.size, fromOffset: m.fromOffset, toOffset: m.toOffset,
        after: m.after, holeBytes: m.hole, savedBytes: m.savedBytes)
    }
  }
}
