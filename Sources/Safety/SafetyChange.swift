import LayoutModel

/// One data change between the original and the patched build that a livepatch,
/// which replaces functions but never data, has to answer for.
public struct SafetyChange: Codable, Sendable, Equatable {
  public enum Entity: String, Codable, Sendable, Comparable {
    case type, variable, function, enumerator

    private var rank: Int { [.type, .variable, .function, .enumerator].firstIndex(of: self)! }
    public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
  }

  /// `unsafe`: code or data the patch does not replace would read or call it wrongly.
  /// `warning`: existing layout is kept, but something the reviewer must check remains.
  public enum Severity: String, Codable, Sendable, Comparable {
    case warning, unsafe
    public static func < (a: Self, b: Self) -> Bool { a == .warning && b == .unsafe }
  }

  public var entity: Entity
  /// The bare name: `conn`, not `struct conn`.
  public var name: String
  /// `struct` or `union`, for types only.
  public var kind: TypeKind?
  public var severity: Severity
  /// What changed and why it matters, in one sentence.
  public var reason: String
  /// What to do instead.
  public var remedy: String
  public var old: Side
  public var new: Side
  /// The object the change was found in (relative to the compared directory).
  public var file: String?
  /// For a type that changed through a type it embeds: those embedded types.
  public var through: [String]?

  public init(
    entity: Entity, name: String, kind: TypeKind? = nil, severity: Severity, reason: String,
    remedy: String,
    old: Side, new: Side, file: String? = nil, through: [String]? = nil
  ) {
    self.entity = entity
    self.name = name
    self.kind = kind
    self.severity = severity
    self.reason = reason
    self.remedy = remedy
    self.old = old
    self.new = new
    self.file = file
    self.through = through
  }

  /// One side of a change; only the fields that describe the entity are set.
  public struct Side: Codable, Sendable, Equatable {
    /// Bytes of a type or variable.
    public var size: UInt64?
    /// A variable's type, an enumerator's enum.
    public var type: String?
    /// A type's affected members (absent on the side where a member does not exist):
    /// bit fields with `bitOffset` and `bitSize` and no `size`, `offset` the byte
    /// holding their first bit.
    public var members: [MemberPosition]?
    /// A function's prototype, `int f(long, struct conn *)`.
    public var prototype: String?
    /// An enumerator's value.
    public var value: Int64?

    public init(
      size: UInt64? = nil, type: String? = nil, members: [MemberPosition]? = nil,
      prototype: String? = nil,
      value: Int64? = nil
    ) {
      self.size = size
      self.type = type
      self.members = members
      self.prototype = prototype
      self.value = value
    }
  }
}
