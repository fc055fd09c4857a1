import Safety

/// `safety`: the data changes a livepatch cannot carry (docs/safety.md,
/// `docs/schema/safety.schema.json`).
public struct SafetyDocument: Codable, Sendable, Equatable {
  public enum Verdict: String, Codable, Sendable {
    case safe, unsafe
  }

  public var schemaVersion = reportSchemaVersion
  /// `unsafe` when any change is; warnings alone leave it `safe`.
  public var verdict: Verdict
  /// The ORIG and PATCHED arguments.
  public var old: String
  public var new: String
  public var files: Files
  public var changes: [SafetyChange]
  /// With `--shard K/N`: which part of the run this is (absent for a whole run).
  public var shard: ReportShard?

  /// How the two sides were paired.
  public struct Files: Codable, Sendable, Equatable {
    /// Pairs compared entity by entity.
    public var compared: Int
    /// Pairs skipped because both files hold the same bytes.
    public var identical: Int
    /// Relative paths present on one side only.
    public var onlyInOld: [String]
    public var onlyInNew: [String]
    /// Pairs whose files both lack DWARF: nothing to compare, listed so a reviewer sees them.
    public var withoutDebugInfo: [String]

    public init(
      compared: Int, identical: Int, onlyInOld: [String], onlyInNew: [String],
      withoutDebugInfo: [String] = []
    ) {
      self.compared = compared
      self.identical = identical
      self.onlyInOld = onlyInOld
      self.onlyInNew = onlyInNew
      self.withoutDebugInfo = withoutDebugInfo
    }
  }

  public init(old: String, new: String, files: Files, changes: [SafetyChange]) {
    self.old = old
    self.new = new
    self.files = files
    self.changes = changes.sorted(by: Self.reportOrder)
    verdict = changes.contains { $0.severity == .unsafe } ? .unsafe : .safe
  }

  /// By file, then entity, name and kind.
  static func reportOrder(_ a: SafetyChange, _ b: SafetyChange) -> Bool {
    let first = (a.file ?? "", a.entity, a.name)
    let second = (b.file ?? "", b.entity, b.name)
    if first != second { return first < second }
    return (a.kind?.rawValue ?? "") < (b.kind?.rawValue ?? "")
  }

  public var unsafeCount: Int { changes.filter { $0.severity == .unsafe }.count }
  public var warningCount: Int { changes.filter { $0.severity == .warning }.count }
}
