extension Qualifier {
  /// Every qualifier's C spelling.
  static let allSpellings = ["const", "volatile", "restrict", "_Atomic"]
}

/// C spellings of types, split the way pahole prints a member: a type column
/// (`struct klp_object *`) and a declarator column (`objs`, `x[70]`, `(*cb)(int)`).
public struct TypeNaming {
  public let table: TypeTable
  /// pahole drops a `const` on the element of an array whose first bound is zero
  /// (gcc emits `const char x[]` as a const array of const char, which would read
  /// `const const char`); its text renderer asks for the same.
  public var dropsConstOfZeroLengthElement = false

  public init(table: TypeTable, dropsConstOfZeroLengthElement: Bool = false) {
    self.table = table
    self.dropsConstOfZeroLengthElement = dropsConstOfZeroLengthElement
  }

  /// The type of `id` as written in C (`const char *`, `struct list_head`).
  public func name(of id: TypeID?) -> String {
    let (specifier, declarator) = declaration(of: id, name: "")
    return declarator.isEmpty ? specifier : specifier + " " + declarator
  }

  /// The member line columns for a member called `name` of type `id`. Pointer stars go
  /// with the type; array bounds and function-pointer syntax stay with the name.
  public func declaration(of id: TypeID?, name: String) -> (type: String, declarator: String) {
    let (specifier, declarator) = spell(id, inner: name, depth: 0)
    // Leading `*`s, and qualifiers between them, go to the type column, spelled as
    // pahole does (kernel developers' eyes and scripts expect it): tokens separated by
    // spaces, and two spaces between a qualified specifier and the first star
    // (`const char  * const *`).
    var tokens: [String] = []
    var rest = Substring(declarator)
    while true {
      if rest.first == "*" {
        tokens.append("*")
        rest = rest.dropFirst()
      } else if !tokens.isEmpty,
        let q = Qualifier.allSpellings.first(where: { rest.hasPrefix($0 + " ") })
      {
        tokens.append(q)
        rest = rest.dropFirst(q.count + 1)
      } else {
        break
      }
    }
    if tokens.isEmpty { return (specifier, declarator) }
    let qualified = Qualifier.allSpellings.contains { specifier.hasPrefix($0 + " ") }
    return (specifier + (qualified ? "  " : " ") + tokens.joined(separator: " "), String(rest))
  }

  /// The aggregate's own name as pahole heads it: `struct klp_func`, `union {...}`.
  public func heading(of a: AggregateType) -> String {
    a.kind.rawValue + " " + (a.name ?? "")
  }

  private func spell(_ id: TypeID?, inner: String, depth: Int) -> (String, String) {
    guard depth < 64 else { return ("<cycle>", inner) }
    guard let id else { return ("void", inner) }
    guard let type = table[id] else { return ("<unknown>", inner) }
    switch type {
    case .void: return ("void", inner)
    case .base(let name, _, _): return (name, inner)
    case .aggregate(let a): return (a.kind.rawValue + " " + (a.name ?? "{...}"), inner)
    case .enumeration(let name, _, _): return ("enum " + (name ?? "{...}"), inner)
    case .typedef(let name, _): return (name, inner)
    case .unknown(let why): return ("<\(why)>", inner)
    case .pointer(let target, _):
      return spell(target, inner: "*" + inner, depth: depth + 1)
    case .qualified(let q, let target):
      if let target, case .pointer = table[target] {
        return spell(target, inner: q.rawValue + " " + inner, depth: depth + 1)
      }
      let (spec, decl) = spell(target, inner: inner, depth: depth + 1)
      return (q.rawValue + " " + spec, decl)
    case .array(var element, let counts):
      if dropsConstOfZeroLengthElement, (counts.first ?? 1) ?? 0 == 0,
        case .qualified(.const, let inner?)? = table[element]
      {
        element = inner
      }
      let bounds = counts.map { "[\($0.map(String.init) ?? "")]" }.joined()
      return spell(element, inner: parenthesized(inner) + bounds, depth: depth + 1)
    case .function(let returns, let parameters, let variadic):
      var params = parameters.map(parameterName)
      if variadic { params.append("...") }
      if params.isEmpty { params = ["void"] }
      let list = "(" + params.joined(separator: ", ") + ")"
      return spell(returns, inner: parenthesized(inner) + list, depth: depth + 1)
    }
  }

  /// A parameter's type in a function declarator. pahole ends a qualified type with a
  /// space (`(const int , char *)`, `(long * restrict , …)`); kernel developers diff
  /// against that, so do we.
  private func parameterName(_ id: TypeID) -> String {
    let spelled = name(of: id)
    if case .qualified? = table[id] { return spelled + " " }
    return spelled
  }

  /// A declarator that starts with `*` must be parenthesized before `[]` or `()` bind.
  private func parenthesized(_ inner: String) -> String {
    inner.hasPrefix("*") ? "(" + inner + ")" : inner
  }
}
