/// A named type as every report names it: `{"name": "klp_func", "kind": "struct"}`,
/// never the C spelling `struct klp_func` (which `description` gives for text).
public struct TypeKey: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
  public var name: String
  /// `struct`, `union`, `class`, `enum` or `typedef`.
  public var kind: String

  public init(name: String, kind: String) {
    self.name = name
    self.kind = kind
  }

  public init(_ kind: AggregateKind, _ name: String) {
    self.init(name: name, kind: kind.rawValue)
  }

  /// A struct of that name.
  public static func structure(_ name: String) -> TypeKey { TypeKey(name: name, kind: "struct") }

  /// `struct klp_func`.
  public var description: String { kind + " " + name }

  /// The C spelling, as `description`.
  public var spelling: String { description }

  public static func < (a: TypeKey, b: TypeKey) -> Bool { (a.name, a.kind) < (b.name, b.kind) }

  /// The key of a user's spelling: `struct x`, `union x`, `enum x`, or a bare `x`
  /// (kind nil: any).
  public static func parse(_ spelling: String) -> (kind: String?, name: String) {
    let trimmed = spelling.trimmingSpaces()
    for kind in ["struct", "union", "enum", "class"] where trimmed.hasPrefix(kind + " ") {
      return (kind, String(trimmed.dropFirst(kind.count + 1)).trimmingSpaces())
    }
    return (nil, trimmed)
  }
}

extension String {
  fileprivate func trimmingSpaces() -> String {
    var s = Substring(self)
    while s.first == " " { s.removeFirst() }
    while s.last == " " { s.removeLast() }
    return String(s)
  }
}
