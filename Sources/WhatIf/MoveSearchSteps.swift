import LayoutModel

extension MoveFinder.Search {
  typealias Extents = [Int: (start: UInt64, end: UInt64)]

  /// A candidate move and what it does: the order and layout after it, and by how
  /// much the struct and the group shrink.
  struct Candidate {
    var step: Step
    var order: [Int]
    var laid: AggregateType
    var sizeGain: UInt64
    var endGain: UInt64
    var distance: UInt64

    /// More bytes off the struct, then off the group, then the shorter move.
    func beats(_ other: Candidate) -> Bool {
      (sizeGain, endGain, other.distance) > (other.sizeGain, other.endGain, distance)
    }
  }

  /// Moves inside `group`, the best first, made on top of `chosen`, for as long as
  /// one makes the group end earlier; then only the shortest run of them that
  /// reaches the smallest struct size (none when the struct does not shrink: closing
  /// holes before an aligned member that stays where it is saves nothing).
  func shrink(_ group: [Int], after chosen: [Step]) -> [Step] {
    var order = self.order(applying: chosen)
    var laid = layout(order)
    var sizes = [laid.byteSize ?? 0]
    var mine: [Step] = []
    for _ in 0..<min(group.count, 64) {
      guard let next = best(in: group, order: order, laid: laid) else { break }
      mine.append(next.step)
      (order, laid) = (next.order, next.laid)
      sizes.append(laid.byteSize ?? 0)
    }
    guard let smallest = sizes.min(), smallest < sizes[0],
      let k = sizes.firstIndex(of: smallest)
    else { return [] }
    return Array(mine.prefix(k))
  }

  /// The best single move into a hole of the group (or the hole after the fixed
  /// member in front of it): a unit no larger than the hole, the struct never larger.
  func best(in group: [Int], order: [Int], laid: AggregateType) -> Candidate? {
    let extents = self.extents(order, laid)
    let members = Set(group)
    guard let first = order.firstIndex(where: members.contains) else { return nil }
    let positions = (first - 1)..<(first + group.count - 1)
    var best: Candidate?
    for p in positions where p >= 0 && p + 1 < order.count && !effort.isSpent {
      let hole = holeBytes(after: order[p], before: order[p + 1], extents)
      guard hole > 0 else { continue }
      for source in group where source != order[p] && source != order[p + 1] {
        guard sizes[source] <= hole, movable(source, in: order),
          let c = candidate(
            source, after: order[p], hole: hole, group: group, members: members, order: order,
            laid: laid, extents: extents)
        else { continue }
        if best.map({ c.beats($0) }) ?? true { best = c }
      }
    }
    return best
  }

  /// Runs of bit fields stay where they are, and so does a member between two of
  /// them: either move would put two runs in one storage unit, and then a write to one
  /// bit field is a read-modify-write of the other (task_struct keeps its scheduler
  /// bits apart from the rest with `:0` for exactly this).
  func movable(_ unit: Int, in order: [Int]) -> Bool {
    guard !isBitFields(unit) else { return false }
    guard let i = order.firstIndex(of: unit), i > 0, i + 1 < order.count else { return true }
    return !(isBitFields(order[i - 1]) && isBitFields(order[i + 1]))
  }

  func isBitFields(_ unit: Int) -> Bool { units[unit].contains { $0.bitFieldSize != nil } }

  /// `source` put after `target`, measured; nil when it saves nothing.
  func candidate(
    _ source: Int, after target: Int, hole: UInt64, group: [Int], members: Set<Int>,
    order: [Int], laid: AggregateType, extents: Extents
  ) -> Candidate? {
    guard effort.spend(declaration.members.count) else { return nil }
    var trial = order
    trial.removeAll { $0 == source }
    guard let at = trial.firstIndex(of: target) else { return nil }
    trial.insert(source, at: at + 1)
    let moved = layout(trial)
    let (size0, size1) = (laid.byteSize ?? 0, moved.byteSize ?? .max)
    let end0 = bytes(end(of: group, in: extents))
    let end1 = bytes(end(of: members, order: trial, moved))
    guard size1 <= size0, end1 < end0 || size1 < size0 else { return nil }
    let from = extents[source]?.start ?? 0
    let to = extents[target]?.end ?? 0
    return Candidate(
      step: Step(unit: source, after: target, hole: hole, savedBytes: end0 &- min(end1, end0)),
      order: trial, laid: moved, sizeGain: size0 - size1, endGain: end0 &- min(end1, end0),
      distance: (from > to ? from - to : to - from) / 8)
  }

  /// Whole bytes between two neighbouring units.
  func holeBytes(after a: Int, before b: Int, _ extents: Extents) -> UInt64 {
    guard let end = extents[a]?.end, let start = extents[b]?.start else { return 0 }
    let (endByte, startByte) = (bytes(end), start / 8)
    return startByte > endByte ? startByte - endByte : 0
  }

  func bytes(_ bits: UInt64) -> UInt64 { (bits &+ 7) / 8 }

  /// Drops every move the others do not need: the struct is as small without it.
  /// Then measures each remaining move again, in order.
  func pruned(_ steps: [Step]) -> [Step] {
    guard !steps.isEmpty else { return [] }
    let target = layout(order(applying: steps)).byteSize ?? 0
    var kept = steps
    for i in kept.indices.reversed() {
      var trial = kept
      trial.remove(at: i)
      if !trial.isEmpty, (layout(order(applying: trial)).byteSize ?? .max) <= target {
        kept = trial
      }
    }
    return remeasured(kept)
  }

  /// The steps by where they put members (the reader goes through the struct once),
  /// when that order gives the same layout; measured again in that order.
  func inDeclarationOrder(_ steps: [Step]) -> [Step] {
    let sorted = steps.sorted { ($0.after, $0.unit) < ($1.after, $1.unit) }
    guard sorted != steps, layout(order(applying: sorted)) == layout(order(applying: steps))
    else { return steps }
    return remeasured(sorted)
  }

  /// Each step's hole and saving as it is made after the ones before it.
  func remeasured(_ steps: [Step]) -> [Step] {
    var result: [Step] = []
    for step in steps {
      let before = order(applying: result)
      let laidBefore = layout(before)
      let after = order(applying: result + [step])
      let group = groups.first { $0.contains(step.unit) } ?? []
      let extents = self.extents(before, laidBefore)
      var measured = step
      if let i = before.firstIndex(of: step.after), i + 1 < before.count {
        measured.hole = holeBytes(after: step.after, before: before[i + 1], extents)
      }
      let end0 = bytes(end(of: group, in: extents))
      let end1 = bytes(end(of: group, in: self.extents(after, layout(after))))
      measured.savedBytes = end0 > end1 ? end0 - end1 : 0
      result.append(measured)
    }
    return result
  }
}
