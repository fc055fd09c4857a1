import LayoutModel

/// One data change between the original and the patched build that a livepatch,
/// which replaces functions but never data, has to answer for.
public struct SafetyChange: Sendable, Hashable {
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

  /// What changed about a variable.
  public enum VariableChange: String, Codable, Sendable {
    /// Its initial contents (bytes, or what a pointer in it points to).
    case initializer
    /// Its type (`int` to `long`).
    case type
    /// Its size, the type otherwise the same (an array's bound).
    case size
    /// It is in the original build only.
    case removed
  }

  public var entity: Entity
  /// The bare name: `conn`, not `struct conn`; a function's static as
  /// `function::variable`.
  public var name: String
  /// `struct` or `union`, for types only.
  public var kind: TypeKind?
  /// For variables: what changed (JSON `kind`, as `kind` is for types).
  public var change: VariableChange?
  public var severity: Severity
  /// What changed and why it matters, in one sentence.
  public var reason: String
  /// What to do instead.
  public var remedy: String
  public var old: Side
  public var new: Side
  /// Where in a changed variable the first difference is: `[3]` (an array element),
  /// `.timeout` (a member), or both (`[1].read`); nil for the whole variable.
  public var at: String?
  /// The object the change was found in (relative to the compared directory); over a
  /// tree, the first of `files`.
  public var file: String?
  /// Every object the same change was found in, when more than one.
  public var files: [String]?
  /// How many objects the change was found in, with `files`.
  public var count: Int?
  /// Where the entity is declared (the patched build's, or the original's when gone).
  public var source: SourceLocation?
  /// For a type that changed through a type it embeds: those embedded types.
  public var through: [String]?
  /// For enumerators: every enumerator of the enum whose value changed.
  public var enumerators: [EnumeratorShift]?
  /// Where each side's entity was read from, for its source line; not reported.
  public var origin: Origin?

  public init(
    entity: Entity, name: String, kind: TypeKind? = nil, change: VariableChange? = nil,
    severity: Severity, reason: String, remedy: String, old: Side, new: Side, at: String? = nil,
    file: String? = nil, through: [String]? = nil, origin: Origin? = nil
  ) {
    self.entity = entity
    self.name = name
    self.kind = kind
    self.change = change
    self.severity = severity
    self.reason = reason
    self.remedy = remedy
    self.old = old
    self.new = new
    self.at = at
    self.file = file
    self.through = through
    self.origin = origin
  }

  /// One side of a change; only the fields that describe the entity are set.
  public struct Side: Codable, Sendable, Hashable {
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
    /// A changed variable's initial value where it differs, printable: `10`, `&pool_a`,
    /// `&slots+4`, `"hi"`, `NULL`.
    public var initial: String?

    public init(
      size: UInt64? = nil, type: String? = nil, members: [MemberPosition]? = nil,
      prototype: String? = nil, value: Int64? = nil, initial: String? = nil
    ) {
      self.size = size
      self.type = type
      self.members = members
      self.prototype = prototype
      self.value = value
      self.initial = initial
    }
  }

  /// A declaration's place in the source, as the compiler recorded it.
  public struct SourceLocation: Codable, Sendable, Equatable, Hashable {
    public var file: String
    public var line: Int?

    public init(file: String, line: Int?) {
      self.file = file
      self.line = line
    }
  }

  /// One enumerator whose value changed.
  public struct EnumeratorShift: Codable, Sendable, Equatable, Hashable {
    public var name: String
    public var old: Int64
    public var new: Int64

    public init(name: String, old: Int64, new: Int64) {
      self.name = name
      self.old = old
      self.new = new
    }
  }

  /// The DWARF entries the two sides were read from (nil on a side without one).
  public struct Origin: Sendable, Equatable, Hashable {
    public var old: EntityOrigin?
    public var new: EntityOrigin?

    public init(old: EntityOrigin?, new: EntityOrigin?) {
      self.old = old
      self.new = new
    }
  }
}
