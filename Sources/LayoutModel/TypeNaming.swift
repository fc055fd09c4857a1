extension Qualifier {
  /// Every qualifier's C spelling.
  static let allSpellings = ["const", "volatile", "restrict", "_Atomic"]
  /// Each followed by a space, as they start a spelling.
  static let spacedSpellings = allSpellings.map { $0 + " " }
}

/// C spellings of types, split the way pahole prints a member: a type column
/// (`struct klp_object *`) and a declarator column (`objs`, `x[70]`, `(*cb)(int)`).
public struct TypeNaming {
  public let table: TypeTable
  /// pahole drops a `const` on the element of an array whose first bound is zero
  /// (gcc emits `const char x[]` as a const array of const char, which would read
  /// `const const char`); its text renderer asks for the same.
  public var dropsConstOfZeroLengthElement = false {
    didSet {
      spellings = TypeMemo(table)
      names = TypeMemo(table)
    }
  }
  /// Each type's member columns once spelled, with the member's name left out (see
  /// `Spelling`): a whole-kernel dump names the same few thousand types 100,000 times.
  private var spellings: TypeMemo<Spelling>
  /// `name(of:)` of each type once spelled.
  private var names: TypeMemo<String>

  public init(table: TypeTable, dropsConstOfZeroLengthElement: Bool = false) {
    self.table = table
    self.dropsConstOfZeroLengthElement = dropsConstOfZeroLengthElement
    self.spellings = TypeMemo(table)
    self.names = TypeMemo(table)
  }

  /// A member declaration with a hole for the name: the declarator is `before + name +
  /// after`. Spelling builds the declarator around the name without looking into it,
  /// so any name that is a C identifier fits the hole.
  struct Spelling: Equatable {
    var type: String
    var before: String
    var after: String
  }

  /// Stands for the name while spelling a template (byte 1: never in a name
  /// `fitsTemplate` admits).
  private static let hole = "\u{1}"

  /// The type of `id` as written in C (`const char *`, `struct list_head`).
  public func name(of id: TypeID?) -> String {
    if let id, let known = names[id] { return known }
    let (specifier, declarator) = declaration(of: id, name: "")
    let name = declarator.isEmpty ? specifier : specifier + " " + declarator
    if let id { names[id] = name }
    return name
  }

  /// The member line columns for a member called `name` of type `id`. Pointer stars go
  /// with the type; array bounds and function-pointer syntax stay with the name.
  public func declaration(of id: TypeID?, name: String) -> (type: String, declarator: String) {
    let parts = declarationParts(of: id, name: name)
    if parts.before.isEmpty && parts.after.isEmpty { return (parts.type, parts.name) }
    return (parts.type, parts.before + parts.name + parts.after)
  }

  /// The same with the declarator in three parts, `before + name + after`, for a
  /// renderer that writes them as they are instead of joining them first (a
  /// whole-kernel dump has 137,000 member lines). The parts hold nothing else: a type
  /// whose spelling has no single place for the name comes back whole in `name`.
  public func declarationParts(
    of id: TypeID?, name: String
  ) -> (type: String, before: String, name: String, after: String) {
    guard let id, Self.fitsTemplate(name), let spelling = template(of: id) else {
      let (type, declarator) = spelledDeclaration(of: id, name: name)
      return (type, "", declarator, "")
    }
    return (spelling.type, spelling.before, name, spelling.after)
  }

  /// The member columns of type `id` with a hole for the name, `before + name + after`
  /// (memoized), for any name that is a C identifier; nil for a type whose spelling has
  /// no single place for the name.
  public func template(of id: TypeID) -> (type: String, before: String, after: String)? {
    if let known = spellings[id] { return (known.type, known.before, known.after) }
    guard let spelling = directTemplate(of: id) ?? spelledTemplate(of: id) else { return nil }
    spellings[id] = spelling
    return (spelling.type, spelling.before, spelling.after)
  }

  /// The template as the general speller makes it: the declaration spelled around a
  /// stand-in name, then cut there.
  func spelledTemplate(of id: TypeID) -> Spelling? {
    let (type, declarator) = spelledDeclaration(of: id, name: Self.hole)
    let utf8 = declarator.utf8
    guard let at = utf8.firstIndex(of: 1), utf8[utf8.index(after: at)...].firstIndex(of: 1) == nil
    else { return nil }
    return Spelling(
      type: type, before: String(declarator[..<at]),
      after: String(declarator[utf8.index(after: at)...]))
  }

  /// The template of the commonest member types without the general speller: a named
  /// type, behind qualifiers or not, pointers to one, and arrays of either
  /// (`const struct list_head *`, `char comm[16]`). The same text (a test holds every
  /// type of the fixtures to it) for a fraction of the work, and a whole kernel spells
  /// thousands on each thread. nil for any other type.
  func directTemplate(of id: TypeID) -> Spelling? {
    // What the type is, read in place (`TypeTable.withType`): a type copied out of the
    // table is counted, and the common ones are counted from every thread at once.
    let shape: DirectShape = table.withType(id) { type in
      switch type.pointee {
      case .array(let element, let counts)?:
        let zeroFirst = (counts.first ?? 1) ?? 0 == 0
        return .array(element: element, zeroFirst: zeroFirst, bounds: bounds(counts))
      case .pointer(let target?, _)?: return .pointer(target)
      default: return .other
      }
    }
    switch shape {
    case .array(let element, let zeroFirst, let bounds):
      // The bounds follow the name; the element's spelling is the type column.
      guard let type = directTypeColumn(shownElement(element, zeroFirstBound: zeroFirst)) else {
        return nil
      }
      return Spelling(type: type, before: "", after: bounds)
    case .pointer(let target):
      // A pointer to a function returning a named type or pointers to one:
      // `void (*func)(struct callback_head *)`.
      guard case .function(let returns, let parameters, let variadic)? = table[target] else {
        return directTypeColumn(id).map { Spelling(type: $0, before: "", after: "") }
      }
      var type = "void"
      if let returns {
        guard let column = directTypeColumn(returns) else { return nil }
        type = column
      }
      return Spelling(
        type: type, before: "(*", after: ")" + parameterList(parameters, variadic: variadic))
    case .other:
      return directTypeColumn(id).map { Spelling(type: $0, before: "", after: "") }
    }
  }

  /// What `directTemplate` needs of a type: an array's element, whether its first bound
  /// is zero, and its bounds spelled; a pointer's target.
  private enum DirectShape {
    case array(element: TypeID, zeroFirst: Bool, bounds: String)
    case pointer(TypeID)
    case other
  }

  /// The type column of a named type (behind qualifiers) or of pointers to one, spaced
  /// as `spelledDeclaration` spaces the stars after a specifier.
  private func directTypeColumn(_ id: TypeID) -> String? {
    var stars = 0
    var current: TypeID? = id
    while let c = current, table.isPointer(c) {
      stars += 1
      current = table.pointerTarget(of: c)
      if stars > 8 { return nil }
    }
    guard let specifier = directSpecifier(current, depth: 0) else { return nil }
    guard stars > 0 else { return specifier }
    let qualified = Qualifier.spacedSpellings.contains { specifier.hasPrefix($0) }
    var column = specifier
    column += qualified ? "  " : " "
    for _ in 1..<stars { column += "* " }
    column += "*"
    return column
  }

  /// A named type's specifier, with the qualifiers in front of it (`const volatile int`);
  /// nil for a type `spell` gives a declarator part (a qualified pointer, an array, a
  /// function) or names otherwise.
  private func directSpecifier(_ id: TypeID?, depth: Int) -> String? {
    guard let id else { return "void" }
    guard depth < 8 else { return nil }
    // Read in place; a qualifier's target after the read.
    let specifier: DirectSpecifier = table.withType(id) { type in
      switch type.pointee {
      case .base(let name, _, _)?, .typedef(let name, _)?: return .spelled(name)
      case .aggregate(let a)?: return a.name.map { .spelled(a.kind.rawValue + " " + $0) } ?? .none
      case .enumeration(let name?, _, _)?: return .spelled("enum " + name)
      case .qualified(let q, let target)?: return .qualified(q, target)
      default: return .none
      }
    }
    switch specifier {
    case .spelled(let text): return text
    case .none: return nil
    case .qualified(let q, let target):
      if let target, table.isPointer(target) { return nil }
      return directSpecifier(target, depth: depth + 1).map { q.rawValue + " " + $0 }
    }
  }

  /// What `directSpecifier` reads of a type.
  private enum DirectSpecifier {
    case spelled(String)
    case qualified(Qualifier, TypeID?)
    case none
  }

  /// Names the template stands for: empty or letters, digits and `_` (C identifiers;
  /// anything else, as a hostile file may hold, is spelled afresh). Each byte is a
  /// column.
  public static func fitsTemplate(_ name: String) -> Bool {
    var name = name
    return name.withUTF8 { bytes in
      for c in bytes {
        guard
          (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39)
            || c == 0x5F
        else { return false }
      }
      return true
    }
  }

  private func spelledDeclaration(
    of id: TypeID?, name: String
  ) -> (
    type: String, declarator: String
  ) {
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
        let q = Qualifier.spacedSpellings.first(where: { rest.hasPrefix($0) })
      {
        tokens.append(String(q.dropLast()))
        rest = rest.dropFirst(q.count)
      } else {
        break
      }
    }
    if tokens.isEmpty { return (specifier, declarator) }
    let qualified = Qualifier.spacedSpellings.contains { specifier.hasPrefix($0) }
    return (specifier + (qualified ? "  " : " ") + tokens.joined(separator: " "), String(rest))
  }

  /// The aggregate's own name as pahole heads it: `struct klp_func`, `union {...}`.
  public func heading(of a: AggregateType) -> String {
    a.kind.rawValue + " " + (a.name ?? "")
  }

  private func spell(_ id: TypeID?, inner: String, depth: Int) -> (String, String) {
    guard depth < TypeTable.maxWalkDepth else { return ("<cycle>", inner) }
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
    case .array(let element, let counts):
      return spell(
        shownElement(element, counts), inner: parenthesized(inner) + bounds(counts),
        depth: depth + 1)
    case .function(let returns, let parameters, let variadic):
      let list = parameterList(parameters, variadic: variadic)
      return spell(returns, inner: parenthesized(inner) + list, depth: depth + 1)
    }
  }

  /// The element type an array is spelled with (`dropsConstOfZeroLengthElement`).
  private func shownElement(_ element: TypeID, _ counts: [UInt64?]) -> TypeID {
    shownElement(element, zeroFirstBound: (counts.first ?? 1) ?? 0 == 0)
  }

  private func shownElement(_ element: TypeID, zeroFirstBound: Bool) -> TypeID {
    if dropsConstOfZeroLengthElement, zeroFirstBound,
      case (.const, let inner?)? = table.qualifier(of: element)
    {
      return inner
    }
    return element
  }

  /// `[2][3]`, `[]` for an unknown bound.
  private func bounds(_ counts: [UInt64?]) -> String {
    counts.map { "[\($0.map(String.init) ?? "")]" }.joined()
  }

  /// `(int, char *)`, `(void)`, `(const char *, ...)`.
  private func parameterList(_ parameters: [TypeID], variadic: Bool) -> String {
    // A closure, not `map(parameterName)`: a method passed as a value took a copy of
    // the naming (its table's buffers and memos counted) for each list.
    var params = parameters.map { parameterName($0) }
    if variadic { params.append("...") }
    if params.isEmpty { params = ["void"] }
    return "(" + params.joined(separator: ", ") + ")"
  }

  /// A parameter's type in a function declarator. pahole ends a qualified type with a
  /// space (`(const int , char *)`, `(long * restrict , …)`); kernel developers diff
  /// against that, so do we.
  private func parameterName(_ id: TypeID) -> String {
    let spelled = name(of: id)
    if table.qualifier(of: id) != nil { return spelled + " " }
    return spelled
  }

  /// A declarator that starts with `*` must be parenthesized before `[]` or `()` bind.
  private func parenthesized(_ inner: String) -> String {
    inner.hasPrefix("*") ? "(" + inner + ")" : inner
  }
}
