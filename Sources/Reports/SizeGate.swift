import LayoutModel

/// `check --format json`, schema version 1: the result of holding a build to a baseline.
public struct CheckDocument: Codable, Sendable, Equatable {
  public var schemaVersion = 1
  public var file: String
  public var baseline: String
  public var passed: Bool
  /// Types (or the static klp total) beyond their limit: these fail the check.
  public var violations: [Violation]
  /// Types in the baseline that the file no longer has, and other non-fatal findings.
  public var warnings: [String]
  /// How many types were checked.
  public var checked: Int
  /// `dwarf` or `btf`: where the checked file's types were read from.
  public var typeSource: String?

  public struct Violation: Codable, Sendable, Equatable {
    public var name: String
    public var oldSize: UInt64
    public var newSize: UInt64
    /// The size allowed: baseline + max growth, or the budget when lower.
    public var limit: UInt64
    /// Members added, removed, moved or resized since the baseline: the cause.
    public var members: [String]
  }
}

/// Holds current layouts to a baseline: a type fails when it grows beyond the baseline
/// plus `maxGrowth`, or beyond its budget.
public struct SizeGate: Sendable {
  public var maxGrowth: UInt64
  /// Budgets by type name (`struct klp_func` or `klp_func`); these override the
  /// baseline's own for the same type.
  public var budgets: [String: UInt64]

  public init(maxGrowth: UInt64 = 0, budgets: [String: UInt64] = [:]) {
    self.maxGrowth = maxGrowth
    self.budgets = budgets
  }

  public func check(
    file: String, baselinePath: String, baseline: Baseline, current: [String: StructLayout], staticKlpBytes: UInt64?
  ) -> CheckDocument {
    var violations: [CheckDocument.Violation] = []
    var warnings: [String] = []
    for (name, record) in baseline.types.sorted(by: { $0.key < $1.key }) {
      guard let layout = current[name] else {
        warnings.append("\(name) is in the baseline but not in \(file)")
        continue
      }
      let limit = self.limit(for: name, baselineSize: record.size, baseline: baseline)
      if layout.size > limit {
        violations.append(.init(name: name, oldSize: record.size, newSize: layout.size, limit: limit, members: memberChanges(record.members, layout)))
      }
    }
    if let old = baseline.staticKlpBytes, let new = staticKlpBytes {
      let limit = self.limit(for: "staticKlpBytes", baselineSize: old, baseline: baseline)
      if new > limit { violations.append(.init(name: "static klp data", oldSize: old, newSize: new, limit: limit, members: [])) }
    }
    return CheckDocument(
      file: file, baseline: baselinePath, passed: violations.isEmpty, violations: violations, warnings: warnings,
      checked: baseline.types.count)
  }

  func limit(for name: String, baselineSize: UInt64, baseline: Baseline) -> UInt64 {
    let short = name.split(separator: " ").last.map(String.init) ?? name
    let growth = baselineSize.addingReportingOverflow(maxGrowth)
    var limit = growth.overflow ? UInt64.max : growth.partialValue
    for budget in [budgets[name], budgets[short], baseline.budgets?[name], baseline.budgets?[short]].compactMap({ $0 }) {
      limit = min(limit, budget)
    }
    return limit
  }

  /// The member records that differ, as `+ name at off (size)`, `- name`, `~ name`.
  func memberChanges(_ old: [String], _ layout: StructLayout) -> [String] {
    func parse(_ line: String) -> (String, String) {
      let parts = line.split(separator: " ", maxSplits: 1)
      return (String(parts.first ?? ""), parts.count > 1 ? String(parts[1]) : "")
    }
    let before = Dictionary(old.map(parse)) { a, _ in a }
    let now = layout.members.map { m in
      (m.name ?? "<anonymous>", "\(m.byteOffset) \(m.byteSize ?? 0)" + (m.bitFieldSize.map { ":\($0)" } ?? ""))
    }
    let after = Dictionary(now) { a, _ in a }
    var result: [String] = []
    for (name, position) in now {
      if let was = before[name] {
        let wasSize = was.split(separator: " ").last
        let isSize = position.split(separator: " ").last
        if wasSize != isSize { result.append("~ \(name): \(was) → \(position) (offset size)") }
      } else {
        result.append("+ \(name) at \(position) (offset size)")
      }
    }
    for line in old { let (name, _) = parse(line); if after[name] == nil { result.append("- \(name)") } }
    return result
  }
}
