import Safety

/// `safety`: the data changes a livepatch cannot carry (docs/safety.md,
/// `docs/schema/safety.schema.json`).
public struct SafetyDocument: Codable, Sendable, Equatable {
  public enum Verdict: String, Codable, Sendable {
    /// Every pair was read and compared, and no change is unsafe.
    case safe
    /// At least one change is unsafe.
    case unsafe
    /// No change found is unsafe, but something could not be read or compared (or
    /// there was nothing to compare): the gate cannot say the patch is safe.
    case incomplete
  }

  public var schemaVersion = reportSchemaVersion
  /// `unsafe` when any change is; else `incomplete` when anything could not be read or
  /// compared; warnings alone leave it `safe`.
  public var verdict: Verdict
  /// The ORIG and PATCHED arguments.
  public var old: String
  public var new: String
  public var files: Files
  /// One per entity: a change seen through several objects is listed once.
  public var changes: [SafetyChange]
  /// With `--shard K/N`: which part of the run this is (absent for a whole run).
  public var shard: ReportShard?

  /// How the two sides were paired.
  public struct Files: Codable, Sendable, Equatable {
    /// Pairs compared entity by entity.
    public var compared: Int
    /// Pairs skipped because both files hold the same bytes.
    public var identical: Int
    /// Pairs whose files differ only in sections `safety` never reads (ELF notes such as
    /// the build ID, `.modinfo`, BTF, what modpost writes into a module): nothing to
    /// compare.
    public var equivalent: Int
    /// Relative paths present on one side only.
    public var onlyInOld: [String]
    public var onlyInNew: [String]
    /// Pairs whose files differ and both lack DWARF: not compared (their types cannot
    /// be), so the run is incomplete.
    public var withoutDebugInfo: [String]
    /// Everything that could not be read: directories that cannot be listed, links that
    /// lead out of a tree, files that cannot be opened or parsed.
    public var unreadable: [Unreadable]

    public init(
      compared: Int, identical: Int, equivalent: Int = 0, onlyInOld: [String],
      onlyInNew: [String], withoutDebugInfo: [String] = [], unreadable: [Unreadable] = []
    ) {
      self.compared = compared
      self.identical = identical
      self.equivalent = equivalent
      self.onlyInOld = onlyInOld
      self.onlyInNew = onlyInNew
      self.withoutDebugInfo = withoutDebugInfo
      self.unreadable = unreadable
    }

    /// Pairs of files found on both sides, whatever became of them.
    public var pairs: Int {
      compared + identical + equivalent + withoutDebugInfo.count
        + unreadable.filter { $0.side == nil }.count
    }
  }

  /// An entry that could not be read or compared.
  public struct Unreadable: Codable, Sendable, Equatable {
    public enum Side: String, Codable, Sendable {
      case old, new
    }
    /// The tree it is in, for what the walk of one tree met; nil for a pair of files.
    public var side: Side?
    /// Relative to the tree (`.` for the tree itself).
    public var path: String
    /// Why, in one line (naming the file).
    public var reason: String

    public init(side: Side?, path: String, reason: String) {
      self.side = side
      self.path = path
      self.reason = reason
    }
  }

  public init(old: String, new: String, files: Files, changes: [SafetyChange]) {
    self.old = old
    self.new = new
    self.files = files
    self.changes = changes.sorted(by: Self.reportOrder)
    let complete = files.unreadable.isEmpty && files.withoutDebugInfo.isEmpty && files.pairs > 0
    verdict =
      changes.contains { $0.severity == .unsafe } ? .unsafe : (complete ? .safe : .incomplete)
  }

  /// Whether everything found was read and compared (and there was something).
  public var isComplete: Bool {
    files.unreadable.isEmpty && files.withoutDebugInfo.isEmpty && files.pairs > 0
  }

  /// By file, then entity, name and kind.
  static func reportOrder(_ a: SafetyChange, _ b: SafetyChange) -> Bool {
    let first = (a.file ?? "", a.entity, a.name)
    let second = (b.file ?? "", b.entity, b.name)
    if first != second { return first < second }
    return (a.kind?.rawValue ?? a.change?.rawValue ?? "")
      < (b.kind?.rawValue ?? b.change?.rawValue ?? "")
  }

  /// Entities with an unsafe change.
  public var unsafeCount: Int { changes.filter { $0.severity == .unsafe }.count }
  public var warningCount: Int { changes.filter { $0.severity == .warning }.count }
}
