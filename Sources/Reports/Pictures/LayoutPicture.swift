import LayoutModel
import ReportSchema

/// What a layout picture draws for one type, independent of where the facts came from
/// (a `StructLayout` with its table, or a baseline's member records): the members at
/// absolute byte offsets, the holes and the tail padding.
package struct LayoutPicture: Sendable, Equatable {
  package var name: String
  package var kind: TypeKind
  package var size: UInt64
  package var items: [Item]
  /// Holes between members: (offset, size) in bytes.
  package var holes: [Span]
  /// Tail padding, when there is any.
  package var padding: Span?

  package struct Span: Sendable, Equatable {
    package var offset: UInt64
    package var size: UInt64
  }

  /// One member; with children when it is an aggregate drawn expanded.
  package struct Item: Sendable, Equatable {
    package var name: String
    /// The C type, for the tooltip; nil when the source does not say (baselines).
    package var typeName: String?
    /// Bytes from the start of the outermost type (the storage unit for bit fields).
    package var offset: UInt64
    /// nil when unknown (a declaration only).
    package var size: UInt64?
    /// Bit fields: absolute bit offset from the outermost type's start, and width.
    package var bitOffset: UInt64?
    package var bitSize: UInt64?
    /// Members of an expanded aggregate, at absolute offsets.
    package var children: [Item] = []
    /// Whether the children overlap (a union) and so share the height between them.
    package var childrenOverlap = false
    /// How the page singles the member out (the kobject, an added or moved member).
    package var mark: Mark?
  }

  /// A member singled out: a CSS class for its colour, and a word drawn with its name
  /// so the picture does not rely on colour alone.
  package struct Mark: Sendable, Equatable {
    package var cssClass: String
    /// A short sign drawn before the name (`+`, `★`), and what it means (the legend).
    package var tag: String
    package var meaning: String
    /// The id of the element this one corresponds to (the same member on the other
    /// side of a diff), made into an in-page link.
    package var link: String?

    package init(cssClass: String, tag: String, meaning: String, link: String? = nil) {
      self.cssClass = cssClass
      self.tag = tag
      self.meaning = meaning
      self.link = link
    }
  }

  package init(
    name: String, kind: TypeKind, size: UInt64, items: [Item], holes: [Span], padding: Span?
  ) {
    self.name = name
    self.kind = kind
    self.size = size
    self.items = items
    self.holes = holes
    self.padding = padding
  }

  /// `struct klp_func`.
  package var title: String { kind.rawValue + " " + (name.isEmpty ? "(anonymous)" : name) }

  /// From a derived layout: anonymous aggregates are always drawn expanded (as pahole
  /// prints them inline), named ones with `expand`.
  package init(_ layout: StructLayout, table: TypeTable, expand: Bool = false) {
    // Drawn as deep as the budget of a printout allows (`ExpansionBudget`).
    let budget = ExpansionBudget { m in
      Self.drawnExpanded(m.name, m.type, m.isBitField, table: table, expand: expand).map {
        ($0.members, 0)
      }
    }
    let levels = budget.levels(of: layout.members.map(LayoutTextRenderer.member))
    self.init(
      name: layout.name ?? "", kind: TypeKind(layout.kind), size: layout.size,
      items: Self.items(
        layout, base: 0, table: table, expand: expand, depth: 0,
        maxDepth: min(Self.maxDepth, levels ?? .max)),
      holes: layout.holes.map { Span(offset: $0.offset, size: $0.size) },
      padding: layout.padding > 0
        ? Span(offset: layout.size - layout.padding, size: layout.padding) : nil)
  }

  /// Nesting drawn at most this deep; deeper aggregates are drawn as one block.
  static let maxDepth = 16

  /// The aggregate a member is drawn expanded as: an anonymous member's, or with
  /// `expand` any member's struct or union of known size.
  static func drawnExpanded(
    _ name: String?, _ type: TypeID, _ isBitField: Bool, table: TypeTable, expand: Bool
  ) -> AggregateType? {
    guard !isBitField, name == nil || expand, let nested = table.aggregate(type),
      nested.byteSize != nil
    else { return nil }
    return nested
  }

  static func items(
    _ layout: StructLayout, base: UInt64, table: TypeTable, expand: Bool, depth: Int,
    maxDepth: Int
  ) -> [Item] {
    let naming = TypeNaming(table: table)
    return layout.members.map { m in
      var item = Item(
        name: m.name ?? "", typeName: naming.name(of: m.type), offset: base &+ m.byteOffset,
        size: m.byteSize,
        bitOffset: m.isBitField ? base &* 8 &+ m.bitOffset : nil, bitSize: m.bitFieldSize)
      if depth < maxDepth,
        let nested = drawnExpanded(m.name, m.type, m.isBitField, table: table, expand: expand)
      {
        let inner = StructLayout(nested, table: table, cachelineSize: layout.cachelineSize)
        item.children = items(
          inner, base: base &+ m.byteOffset, table: table, expand: expand, depth: depth + 1,
          maxDepth: maxDepth)
        item.childrenOverlap = nested.kind == .union
        if m.name == nil { item.name = "(anonymous \(nested.kind.rawValue))" }
      }
      return item
    }
  }

  /// From a baseline's records: the members as recorded, holes as the bytes no member
  /// covers.
  package init(record: Baseline.TypeRecord) {
    var items: [Item] = []
    var holes: [Span] = []
    var end: UInt64 = 0
    for m in record.members.sorted(by: {
      ($0.bitOffset ?? $0.offset &* 8) < ($1.bitOffset ?? $1.offset &* 8)
    }) {
      items.append(
        Item(
          name: m.name, typeName: nil, offset: m.offset, size: m.size, bitOffset: m.bitOffset,
          bitSize: m.bitSize))
      if record.kind == .union { continue }
      if m.offset > end { holes.append(Span(offset: end, size: m.offset - end)) }
      let memberEnd =
        m.bitSize != nil
        ? ((m.bitOffset ?? 0) &+ (m.bitSize ?? 0) &+ 7) / 8 : m.offset &+ (m.size ?? 0)
      end = max(end, memberEnd)
    }
    if record.kind == .union { end = items.map { $0.offset &+ ($0.size ?? 0) }.max() ?? 0 }
    self.init(
      name: record.name, kind: record.kind, size: record.size, items: items, holes: holes,
      padding: record.size > end ? Span(offset: end, size: record.size - end) : nil)
  }

  /// Marks the top-level members called by the given names.
  package func marking(_ marks: [String: Mark]) -> LayoutPicture {
    var copy = self
    for i in copy.items.indices {
      if let mark = marks[copy.items[i].name] { copy.items[i].mark = mark }
    }
    return copy
  }
}
