import LayoutModel

/// What the text of a member needs to know about its type beyond the spelling, worked
/// out once per type (`LayoutTextRenderer.shape(of:)`): a whole kernel has 137,000
/// member lines over a few thousand types, and asking the table the same questions for
/// each line was an eighth of printing them.
struct MemberShape {
  /// One plain line: no anonymous type shown inline (behind qualifiers, or named ones
  /// with `--expand`), no anonymous enum with its enumerators, none behind an array or
  /// a pointer. Only for such types does the member line skip those checks.
  var plain: Bool
  /// The type is a struct or union itself, not a typedef of one: pahole notes its tail
  /// padding after the member.
  var direct: Bool
  /// Spaces pahole leaves after a `volatile` type (`qualifierSpaces`).
  var qualifierSpaces: Int
  /// The keyword of a named struct, union or enum with its space (`keywordColumns`).
  var keyword: Int

  /// The type column's width for the member: pahole prints a named struct, union or
  /// enum as `"struct %-*s %s"` with the width less the keyword, so where the width has
  /// gone negative (deep nesting) the name is padded to `|width - 7|` after `struct `.
  func column(_ width: Int) -> Int {
    guard keyword > 0 else { return abs(width) }
    return width >= keyword ? width : keyword + abs(width - keyword)
  }
}

extension LayoutTextRenderer {
  /// The shape of a member of type `id`, memoized.
  func shape(of id: TypeID) -> MemberShape {
    if let known = shapes[id] { return known }
    var plain = inlineAggregate(id) == nil && anonymousBehindDeclarator(id) == nil
    // Read in place (`TypeTable.withType`): each thread asks this of every member type.
    let (anonymousEnumeration, direct) = table.withType(id) { type in
      switch type.pointee {
      case .enumeration(nil, _, let enumerators)?: (!enumerators.isEmpty, false)
      case .aggregate?: (false, true)
      default: (false, false)
      }
    }
    if anonymousEnumeration { plain = false }
    let shape = MemberShape(
      plain: plain, direct: direct, qualifierSpaces: qualifierSpaces(id),
      keyword: keywordColumns(id))
    shapes[id] = shape
    return shape
  }
}
