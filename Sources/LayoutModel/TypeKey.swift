/// A named type as every report names it: `{"name": "klp_func", "kind": "struct"}`,
/// never the C spelling `struct klp_func` (which `description` gives for text).
public struct TypeKey: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
  public var name: String
  public var kind: TypeKind

  public init(name: String, kind: TypeKind) {
    self.name = name
    self.kind = kind
  }

  public init(_ kind: AggregateKind, _ name: String) {
    self.init(name: name, kind: TypeKind(kind))
  }

  /// A struct of that name.
  public static func structure(_ name: String) -> TypeKey { TypeKey(name: name, kind: .structure) }

  /// `struct klp_func`.
  public var description: String { kind.rawValue + " " + name }

  /// The C spelling, as `description`.
  public var spelling: String { description }

  public static func < (a: TypeKey, b: TypeKey) -> Bool {
    (a.name, a.kind.rawValue) < (b.name, b.kind.rawValue)
  }
}
