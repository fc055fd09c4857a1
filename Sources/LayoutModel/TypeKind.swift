/// The kinds of named type reports speak of, spelled as C spells their keyword.
public enum TypeKind: String, Hashable, Sendable, Codable, CaseIterable, Comparable,
  CustomStringConvertible
{
  case structure = "struct"
  case union
  case `class`
  case enumeration = "enum"
  case typedef

  public init(_ kind: AggregateKind) {
    switch kind {
    case .structure: self = .structure
    case .union: self = .union
    case .class: self = .class
    }
  }

  /// The aggregate kind, for structs, unions and classes.
  public var aggregate: AggregateKind? {
    switch self {
    case .structure: return .structure
    case .union: return .union
    case .class: return .class
    case .enumeration, .typedef: return nil
    }
  }

  /// The keywords a user may put before a name (`struct x`): no `typedef x` in C.
  public static let keywords: [TypeKind] = [.structure, .union, .enumeration, .class]

  public var description: String { rawValue }

  public static func < (a: TypeKind, b: TypeKind) -> Bool { a.rawValue < b.rawValue }
}

/// Where types are read from: the file's DWARF, its BTF (raw BTF files, `.BTF`
/// sections), or `auto`: DWARF when the file has it, else BTF. Reports say the source
/// actually read (`dwarf` or `btf`, never `auto`).
public enum TypeSource: String, Hashable, Sendable, Codable, CaseIterable, CustomStringConvertible {
  case auto, dwarf, btf

  public var description: String { rawValue }
}
