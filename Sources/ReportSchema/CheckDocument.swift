import LayoutModel
/// `check`: the result of holding a build to a baseline (docs/json.md).
public struct CheckDocument: Encodable, Sendable, Equatable {
  public var schemaVersion = reportSchemaVersion
  public var file: String
  /// The path's exact bytes in hex when they are not UTF-8 (`file` then has U+FFFD for
  /// each byte that is not); absent for a UTF-8 path.
  public var pathBytes: String?
  public var baseline: String
  /// `dwarf` or `btf`: where the checked file's types were read from.
  public var typeSource: TypeSource
  public var passed: Bool
  /// How many baseline types were found and held to their limits.
  public var checked: Int
  /// What fails the gate: types over their limit, types gone from the build, the
  /// static klp total over its limit.
  public var violations: [Violation]
  /// Baseline types missing from the build that `--allow-missing` accepted.
  public var allowedMissing: [TypeKey]

  public init(
    file: String, baseline: String, typeSource: TypeSource, checked: Int, violations: [Violation],
    allowedMissing: [TypeKey]
  ) {
    self.file = file
    self.baseline = baseline
    self.typeSource = typeSource
    self.passed = violations.isEmpty
    self.checked = checked
    self.violations = violations
    self.allowedMissing = allowedMissing
  }

  public struct Violation: Encodable, Sendable, Equatable {
    public enum Reason: String, Encodable, Sendable {
      /// Larger than baseline + `--max-growth`, or than its budget.
      case overBudget
      /// In the baseline, not in the build.
      case missing
    }
    /// The type; nil for the static klp total.
    public var name: String
    public var kind: TypeKind?
    public var reason: Reason
    public var oldSize: UInt64
    /// nil when the type is missing.
    public var newSize: UInt64?
    /// The size allowed: baseline + max growth, or the budget when lower.
    public var limit: UInt64
    /// Members added, removed, moved or resized since the baseline: the cause.
    public var members: [MemberChange]
    /// The baseline's record of the type and its layout in the build, for pictures;
    /// not encoded.
    public var baselineRecord: Baseline.TypeRecord?
    public var current: StructLayout?
    public var currentTable: TypeTable?

    enum CodingKeys: String, CodingKey { case name, kind, reason, oldSize, newSize, limit, members }

    public init(
      name: String, kind: TypeKind?, reason: Reason, oldSize: UInt64, newSize: UInt64?,
      limit: UInt64,
      members: [MemberChange]
    ) {
      self.name = name
      self.kind = kind
      self.reason = reason
      self.oldSize = oldSize
      self.newSize = newSize
      self.limit = limit
      self.members = members
    }

    /// `struct klp_func`, or `static klp data` for the total.
    public var title: String { kind.map { "\($0) \(name)" } ?? "static klp data" }
  }
}
