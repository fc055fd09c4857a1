/// A type as a user names it (on the command line, in a baseline budget): `klp_func`,
/// `struct klp_func`, `union u`, `enum module_state`, `class c`; `-C a,b` lists split into
/// several. The one parser of such names.
public struct TypeSpec: Hashable, Sendable, CustomStringConvertible {
  /// nil when the user gave a bare name: any struct, union, enum or typedef matches.
  public var kind: TypeKind?
  public var name: String

  public init(kind: TypeKind? = nil, name: String) {
    self.kind = kind
    self.name = name
  }

  /// Reads one name with an optional keyword (`struct  x` is `struct x`; surrounding
  /// spaces and tabs are dropped).
  public init(parsing text: String) {
    let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
    if words.count == 2, let kind = TypeKind(rawValue: String(words[0])),
      TypeKind.keywords.contains(kind)
    {
      self.init(kind: kind, name: String(words[1]))
    } else {
      self.init(name: words.joined(separator: " "))
    }
  }

  /// Every name of every argument, commas splitting lists, empty items dropped,
  /// duplicates kept once (in first-seen order, as pahole prints them).
  public static func parse(_ arguments: [String]) -> [TypeSpec] {
    var seen = Set<TypeSpec>()
    return arguments.flatMap { $0.split(separator: ",") }
      .map { TypeSpec(parsing: String($0)) }
      .filter { !$0.name.isEmpty && seen.insert($0).inserted }
  }

  /// Whether `key` is a type this names (any kind for a bare name).
  public func matches(_ key: TypeKey) -> Bool {
    key.name == name && (kind == nil || kind == key.kind)
  }

  public var description: String { kind.map { "\($0.rawValue) \(name)" } ?? name }
}
