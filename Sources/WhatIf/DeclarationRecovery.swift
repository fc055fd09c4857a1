import LayoutModel

extension Declaration {
  /// Recovers the declaration behind a laid-out aggregate: members in order, packed-ness,
  /// and the `:0` separators or pinned positions that the ABI rules alone would not give.
  public init(recovering a: AggregateType, table: TypeTable) {
    let alignment = Alignment(table: table)
    self.init(
      kind: a.kind, name: a.name, members: [], isPacked: alignment.isPacked(a),
      explicitAlignment: a.explicitAlignment)
    let engine = ReLayout(table: table)
    for m in a.members {
      var declared = DeclaredMember(
        name: m.name, type: m.type, bitFieldSize: m.bitFieldSize,
        explicitAlignment: m.explicitAlignment)
      let predicted = engine.layout(
        Declaration(kind: kind, name: name, members: members + [declared], isPacked: isPacked))
      let guess = predicted.members.last?.bitOffset ?? 0
      if kind != .union && guess != m.bitOffset {
        declared = explain(declared, actual: m.bitOffset, predicted: guess, engine: engine)
      }
      members.append(declared)
    }
    if let size = a.byteSize, engine.layout(self).byteSize != size {
      explicitAlignment = recoveredAlignment(size: size, engine: engine)
    }
  }

  /// Why a member is not where the rules put it: an unnamed `:0` before a bit field,
  /// unnamed padding bits, or else (nothing C can say) a pinned position.
  private func explain(
    _ member: DeclaredMember, actual: UInt64, predicted: UInt64, engine: ReLayout
  ) -> DeclaredMember {
    var declared = member
    if member.bitFieldSize != nil {
      declared.startsNewUnit = true
      if place(declared, engine) == actual { return declared }
      declared.startsNewUnit = false
      if actual > predicted {
        declared.paddingBitsBefore = actual - predicted
        if place(declared, engine) == actual { return declared }
        declared.paddingBitsBefore = 0
      }
    }
    declared.pinnedBitOffset = actual
    return declared
  }

  private func place(_ member: DeclaredMember, _ engine: ReLayout) -> UInt64? {
    engine.layout(
      Declaration(kind: kind, name: name, members: members + [member], isPacked: isPacked)
    ).members.last?.bitOffset
  }

  /// `aligned(N)` that DWARF before version 5 does not record: the smallest power of
  /// two that rounds the members' extent up to the real size.
  private func recoveredAlignment(size: UInt64, engine: ReLayout) -> UInt64? {
    var candidate = self
    var alignment: UInt64 = 2
    while alignment <= 4096 {
      candidate.explicitAlignment = alignment
      if engine.layout(candidate).byteSize == size { return alignment }
      alignment *= 2
    }
    return explicitAlignment
  }

  /// Members whose position had to be pinned: what the ABI rules could not explain.
  public var pinnedMembers: [DeclaredMember] { members.filter { $0.pinnedBitOffset != nil } }
}
