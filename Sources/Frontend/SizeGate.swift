import LayoutModel
import ReportSchema

/// Holds current layouts to a baseline. The gate fails when a type grew beyond the
/// baseline plus `maxGrowth` or beyond its budget, when a baseline type is gone from
/// the build (unless allowed), or when the static klp total grew beyond its limit.
/// It refuses to judge at all (an input error) when the baseline shares no type with
/// the build, or a budget names a type neither has: a wrong path must never pass.
public struct SizeGate: Sendable {
  public var maxGrowth: UInt64
  /// `--budget`: these override the baseline's own for the same type.
  public var budgets: [Baseline.Budget]
  /// `--allow-missing`: baseline types that may be gone from the build.
  public var allowMissing: [String]

  public init(maxGrowth: UInt64 = 0, budgets: [Baseline.Budget] = [], allowMissing: [String] = []) {
    self.maxGrowth = maxGrowth
    self.budgets = budgets
    self.allowMissing = allowMissing
  }

  public func check(
    file: String, baselinePath: String, typeSource: TypeSource, baseline: Baseline,
    current: [TypeKey: StructLayout],
    staticKlpBytes: UInt64?
  ) throws(FrontendError) -> CheckDocument {
    let keys = baseline.types.map(\.key)
    let present = keys.filter { current[$0] != nil }
    if !keys.isEmpty && present.isEmpty {
      throw .mismatch(
        "\(file): none of the \(keys.count) baseline types of \(baselinePath) are in it (wrong file, or a renamed module?)"
      )
    }
    for budget in budgets {
      try Self.requireKnown(
        budget, in: Array(Set(keys).union(current.keys)),
        staticTotal: baseline.staticKlpBytes != nil, file: file)
    }
    for name in allowMissing
    where !keys.contains(where: { $0.name == TypeSpec(parsing: name).name }) {
      throw .mismatch(
        "--allow-missing '\(name)': not a type of the baseline \(baselinePath)"
          + Suggestions.hint(Suggestions.closest(to: name, in: keys.map(\.name))))
    }
    var violations: [CheckDocument.Violation] = []
    var allowed: [TypeKey] = []
    for record in baseline.types {
      let limit = self.limit(for: record.key, baselineSize: record.size, baseline: baseline)
      guard let layout = current[record.key] else {
        if allowMissing.contains(where: { TypeSpec(parsing: $0).name == record.name }) {
          allowed.append(record.key)
        } else {
          violations.append(
            .init(
              name: record.name, kind: record.kind, reason: .missing, oldSize: record.size,
              newSize: nil, limit: limit, members: []))
        }
        continue
      }
      if layout.size > limit {
        violations.append(
          .init(
            name: record.name, kind: record.kind, reason: .overBudget, oldSize: record.size,
            newSize: layout.size, limit: limit,
            members: memberChanges(record.members, layout)))
      }
    }
    if let old = baseline.staticKlpBytes, let new = staticKlpBytes {
      let limit = staticLimit(old, baseline: baseline)
      if new > limit {
        violations.append(
          .init(
            name: Baseline.Budget.staticKlpName, kind: nil, reason: .overBudget, oldSize: old,
            newSize: new, limit: limit, members: []))
      }
    }
    return CheckDocument(
      file: file, baseline: baselinePath, typeSource: typeSource, checked: present.count,
      violations: violations, allowedMissing: allowed)
  }

  /// A budget must name a type that is there to hold to it.
  static func requireKnown(
    _ budget: Baseline.Budget, in keys: [TypeKey], staticTotal: Bool, file: String
  ) throws(FrontendError) {
    if budget.name == Baseline.Budget.staticKlpName && budget.kind == nil {
      guard staticTotal else {
        throw .mismatch(
          "--budget staticKlpBytes: \(file) is not a livepatch module with static klp data")
      }
      return
    }
    guard keys.contains(where: budget.applies) else {
      let spelled = budget.kind.map { "\($0) \(budget.name)" } ?? budget.name
      throw .mismatch(
        "--budget '\(spelled)=\(budget.bytes)': no such type in the baseline or in \(file)"
          + Suggestions.hint(Suggestions.closest(to: budget.name, in: keys.map(\.name))))
    }
  }

  func limit(for key: TypeKey, baselineSize: UInt64, baseline: Baseline) -> UInt64 {
    let growth = baselineSize.addingReportingOverflow(maxGrowth)
    var limit = growth.overflow ? UInt64.max : growth.partialValue
    let own = budgets.filter { $0.applies(to: key) }
    // A budget on the command line overrides the baseline's for the same type.
    for budget in own.isEmpty ? baseline.budgets.filter({ $0.applies(to: key) }) : own {
      limit = min(limit, budget.bytes)
    }
    return limit
  }

  func staticLimit(_ old: UInt64, baseline: Baseline) -> UInt64 {
    let growth = old.addingReportingOverflow(maxGrowth)
    var limit = growth.overflow ? UInt64.max : growth.partialValue
    let isStatic = { (b: Baseline.Budget) in
      b.name == Baseline.Budget.staticKlpName && b.kind == nil
    }
    let own = budgets.filter(isStatic)
    for budget in own.isEmpty ? baseline.budgets.filter(isStatic) : own {
      limit = min(limit, budget.bytes)
    }
    return limit
  }

  /// The members that differ from the baseline's record: added, removed, resized.
  func memberChanges(_ old: [MemberPosition], _ layout: StructLayout) -> [MemberChange] {
    let before = Dictionary(old.map { ($0.name, $0) }) { a, _ in a }
    let now = layout.members.map({ MemberPosition($0) })
    let after = Dictionary(now.map { ($0.name, $0) }) { a, _ in a }
    var result: [MemberChange] = []
    for m in now {
      guard let was = before[m.name] else {
        result.append(
          MemberChange(
            name: m.name, change: .added, newOffset: m.offset, newSize: m.size,
            newBitSize: m.bitSize))
        continue
      }
      if was.size != m.size || was.bitSize != m.bitSize {
        result.append(
          MemberChange(
            name: m.name, change: .resized, oldOffset: was.offset, newOffset: m.offset,
            oldSize: was.size, newSize: m.size,
            oldBitSize: was.bitSize, newBitSize: m.bitSize))
      }
      // Offsets that shifted because something grew before them are a consequence,
      // not a cause: `diff` reports reorders with both layouts at hand.
    }
    for m in old where after[m.name] == nil {
      result.append(
        MemberChange(
          name: m.name, change: .removed, oldOffset: m.offset, oldSize: m.size,
          oldBitSize: m.bitSize))
    }
    return result
  }
}
