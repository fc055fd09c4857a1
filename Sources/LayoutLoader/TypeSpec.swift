import LayoutModel

/// A type as a pahole user names it on the command line: `klp_func`, `struct klp_func`,
/// `union u`, `enum module_state`; `-C a,b` lists split into several.
public struct TypeSpec: Hashable, Sendable, CustomStringConvertible {
  public enum Kind: String, Hashable, Sendable, CaseIterable {
    case structure = "struct"
    case union
    case enumeration = "enum"
  }

  /// nil when the user gave a bare name: any struct, union, enum or typedef matches.
  public var kind: Kind?
  public var name: String

  public init(kind: Kind? = nil, name: String) {
    self.kind = kind
    self.name = name
  }

  /// Reads one name with an optional keyword (`struct  x` is `struct x`).
  public init(parsing text: String) {
    let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
    if words.count == 2, let kind = Kind(rawValue: String(words[0])) {
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

  public var description: String { kind.map { "\($0.rawValue) \(name)" } ?? name }
}

/// One type picked by name: an aggregate (or typedef to one) loaded into the table,
/// or an enumeration with its constants.
public enum TypePick: Sendable {
  case aggregate(NamedType)
  case enumeration(Enumeration)
}
