import LayoutModel
import ReportSchema

/// Draws layouts as SVG: per type a title, a byte ruler and one row per cacheline;
/// members as boxes whose width is their size at one scale for the whole picture
/// (split where they cross a cacheline, with the cut drawn dashed), bit fields by the
/// bit, holes and tail padding hatched and labelled. Every element carries its facts
/// in `data-` attributes so tools and tests can read the picture back.
///
/// Deterministic: the same pictures give the same bytes (ids come from `idPrefix` and
/// positions, numbers are formatted without locale).
public struct LayoutSVG {
  public var cachelineSize: UInt64
  /// Prefix of every id, unique per picture on a page.
  public var idPrefix: String
  /// A file of its own (XML declaration and inline style), or a part of an HTML page
  /// (whose stylesheet holds `LayoutSVG.css`).
  public var standalone: Bool

  public init(cachelineSize: UInt64, idPrefix: String = "k", standalone: Bool = true) {
    self.cachelineSize = max(cachelineSize, 1)
    self.idPrefix = idPrefix
    self.standalone = standalone
  }

  /// `layout --format svg`: every type of the document, stacked.
  public static func render(_ document: LayoutDocument, expand: Bool = false) -> String {
    let pictures = document.layouts.map { LayoutPicture($0, table: document.table, expand: expand) }
    let title = "Layouts in " + document.file
    return LayoutSVG(cachelineSize: document.cachelineSize).render(pictures, title: title)
  }

  private var geometry: PictureGeometry { PictureGeometry(cachelineSize: cachelineSize) }
  static let titleHeight = 26.0
  static let rulerHeight = 16.0
  static let typeGap = 22.0
  static let legendHeight = 44.0

  /// The height one type takes.
  func height(of picture: LayoutPicture) -> Double {
    Self.titleHeight + Self.rulerHeight + Double(rows(picture))
      * (PictureGeometry.rowHeight + PictureGeometry.rowGap)
  }

  /// Cachelines drawn per type at most: a type of absurd size (from a hostile file)
  /// must not make an unbounded picture.
  public static let maxRows: UInt64 = 4096

  /// The cachelines the type spans, and those drawn.
  func cachelines(_ picture: LayoutPicture) -> UInt64 {
    max(1, picture.size / cachelineSize + (picture.size % cachelineSize == 0 ? 0 : 1))
  }

  func rows(_ picture: LayoutPicture) -> UInt64 { min(cachelines(picture), Self.maxRows) }

  /// One SVG holding `pictures`, stacked, with a legend.
  public func render(_ pictures: [LayoutPicture], title: String) -> String {
    let totalHeight =
      pictures.reduce(8.0) { $0 + height(of: $1) + Self.typeGap } + Self.legendHeight
    let width = PictureGeometry.width
    var out = Markup()
    if standalone { out.add("<?xml version=\"1.0\" encoding=\"UTF-8\"?>") }
    out.add(
      Markup.tag(
        "svg",
        (standalone ? [("xmlns", "http://www.w3.org/2000/svg")] : []) + [
          ("class", "klp-layout"), ("width", svgNumber(width)), ("height", svgNumber(totalHeight)),
          ("viewBox", "0 0 \(svgNumber(width)) \(svgNumber(totalHeight))"), ("role", "img"),
          ("aria-labelledby", "\(idPrefix)-title \(idPrefix)-desc"),
          ("font-family", "ui-monospace, Menlo, Consolas, monospace"),
          ("data-scale", svgNumber(geometry.scale)),
          ("data-origin-x", svgNumber(PictureGeometry.originX)),
          ("data-row-bytes", "\(cachelineSize)"),
        ]))
    out.add("<title id=\"\(idPrefix)-title\">\(Escape.xml(title))</title>")
    out.add("<desc id=\"\(idPrefix)-desc\">\(Escape.xml(description(pictures)))</desc>")
    if standalone { out.add("<style>\n" + Self.css + "</style>") }
    out.add(definitions())
    out.add(
      "<rect class=\"bg\" x=\"0\" y=\"0\" width=\"\(svgNumber(width))\" height=\"\(svgNumber(totalHeight))\"/>"
    )
    var y = 8.0
    for (index, picture) in pictures.enumerated() {
      draw(picture, index: index, top: y, into: &out)
      y += height(of: picture) + Self.typeGap
    }
    legend(pictures, top: y, into: &out)
    out.add("</svg>")
    return out.text
  }

  /// What a screen reader says: each type's size, cachelines, holes and padding.
  func description(_ pictures: [LayoutPicture]) -> String {
    let parts = pictures.map { p -> String in
      let holes = p.holes.reduce(0) { $0 &+ $1.size }
      return
        "\(p.title): \(p.size) bytes in \(cachelines(p)) cachelines of \(cachelineSize) bytes, \(p.items.count) members, "
        + "\(p.holes.count) holes (\(holes) bytes), \(p.padding?.size ?? 0) bytes of tail padding."
    }
    return "Member layout drawn one cacheline per row. " + parts.joined(separator: " ")
  }

  private func definitions() -> String {
    let hatch = { (name: String, angle: Int) in
      "<pattern id=\"\(idPrefix)-\(name)\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(\(angle))\">"
        + "<rect class=\"hatch-bg\" width=\"6\" height=\"6\"/><line class=\"hatch-\(name)\" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\"/></pattern>"
    }
    return "<defs>" + hatch("hole", 45) + hatch("padding", -45) + "</defs>"
  }

  // MARK: one type

  private func draw(_ p: LayoutPicture, index: Int, top: Double, into out: inout Markup) {
    let id = "\(idPrefix)-t\(index)"
    out.add(
      Markup.tag(
        "g",
        [
          ("class", "type"), ("id", id), ("data-name", p.name), ("data-kind", p.kind.rawValue),
          ("data-size", "\(p.size)"),
        ]))
    let holeBytes = p.holes.reduce(0) { $0 &+ $1.size }
    var summary = "\(p.size) bytes, \(cachelines(p)) cacheline\(cachelines(p) == 1 ? "" : "s")"
    if rows(p) < cachelines(p) { summary += " (the first \(rows(p)) drawn)" }
    if holeBytes > 0 {
      summary += ", \(p.holes.count) hole\(p.holes.count == 1 ? "" : "s") (\(holeBytes) bytes)"
    }
    if let pad = p.padding { summary += ", \(pad.size) bytes padding" }
    out.add("<title>\(Escape.xml(p.title + ": " + summary))</title>")
    out.add(
      "<text class=\"type-title\" x=\"\(svgNumber(PictureGeometry.originX))\" y=\"\(svgNumber(top + 17))\">"
        + "\(Escape.xml(p.title))<tspan class=\"muted\" dx=\"10\">\(Escape.xml(summary))</tspan></text>"
    )
    let rowsTop = top + Self.titleHeight + Self.rulerHeight
    ruler(top: top + Self.titleHeight, into: &out)
    let rowCount = rows(p)
    for row in 0..<rowCount {
      let y = rowY(rowsTop, row)
      let start = row &* cachelineSize
      let used = min(cachelineSize, p.size > start ? p.size - start : 0)
      out.add(
        "<text class=\"row-label\" x=\"\(svgNumber(PictureGeometry.originX - 8))\" y=\"\(svgNumber(y + 18))\">\(start)</text>"
          + "<text class=\"row-label small\" x=\"\(svgNumber(PictureGeometry.originX - 8))\" y=\"\(svgNumber(y + 32))\">cl \(row)</text>"
      )
      out.add(
        "<rect class=\"row\" x=\"\(svgNumber(PictureGeometry.originX))\" y=\"\(svgNumber(y))\" width=\"\(svgNumber(Double(used) * geometry.scale))\" height=\"\(svgNumber(PictureGeometry.rowHeight))\"/>"
      )
      if used < cachelineSize {
        out.add(
          "<rect class=\"beyond\" x=\"\(svgNumber(geometry.x(Double(used))))\" y=\"\(svgNumber(y))\" width=\"\(svgNumber(Double(cachelineSize - used) * geometry.scale))\" height=\"\(svgNumber(PictureGeometry.rowHeight))\"/>"
        )
      }
    }
    units(p.items, rowsTop: rowsTop, lastRow: rowCount - 1, into: &out)
    let band = Band(top: 0, height: PictureGeometry.rowHeight)
    for (i, item) in p.items.enumerated() {
      let bands = p.kind == .union ? band.split(i, of: p.items.count) : band
      drawItem(
        item, id: "\(id)-m\(i)", colour: i % 4, band: bands, rowsTop: rowsTop,
        lastRow: rowCount - 1, into: &out)
    }
    for hole in p.holes {
      drawGap(
        hole, cssClass: "hole", label: "hole", rowsTop: rowsTop, lastRow: rowCount - 1, into: &out)
    }
    if let padding = p.padding {
      drawGap(
        padding, cssClass: "padding", label: "pad", rowsTop: rowsTop, lastRow: rowCount - 1,
        into: &out)
    }
    out.add("</g>")
  }

  /// The storage units bit fields subdivide, outlined once each behind their bits.
  private func units(
    _ items: [LayoutPicture.Item], rowsTop: Double, lastRow: UInt64, into out: inout Markup
  ) {
    var seen = Set<[UInt64]>()
    for item in items where item.bitSize != nil {
      guard let size = item.size, seen.insert([item.offset, size]).inserted else { continue }
      for piece in geometry.pieces(
        start: Double(item.offset), end: Double(item.offset &+ size), lastRow: lastRow)
      {
        out.add(
          "<rect class=\"unit\" x=\"\(svgNumber(geometry.x(piece.start)))\" y=\"\(svgNumber(rowY(rowsTop, piece.row) + 2))\" width=\"\(svgNumber((piece.end - piece.start) * geometry.scale))\" height=\"\(svgNumber(PictureGeometry.rowHeight - 4))\"/>"
        )
      }
    }
  }

  private func rowY(_ rowsTop: Double, _ row: UInt64) -> Double {
    rowsTop + Double(row) * (PictureGeometry.rowHeight + PictureGeometry.rowGap)
  }

  /// Byte offsets within a row, every `step` bytes (a step wide enough to read).
  private func ruler(top: Double, into out: inout Markup) {
    var step: UInt64 = 1
    while Double(step) * geometry.scale < 80 && step < cachelineSize { step *= 2 }
    var ticks = ""
    var offset: UInt64 = 0
    while offset <= cachelineSize {
      let x = svgNumber(geometry.x(Double(offset)))
      ticks +=
        "<line class=\"tick\" x1=\"\(x)\" y1=\"\(svgNumber(top + 10))\" x2=\"\(x)\" y2=\"\(svgNumber(top + 15))\"/>"
      ticks += "<text class=\"tick-label\" x=\"\(x)\" y=\"\(svgNumber(top + 8))\">+\(offset)</text>"
      offset += step
    }
    out.add("<g class=\"ruler\" aria-hidden=\"true\">" + ticks + "</g>")
  }

  /// A horizontal slice of a row's height: members of a union share the row in bands.
  struct Band {
    var top: Double
    var height: Double

    func split(_ i: Int, of n: Int) -> Band {
      let h = height / Double(max(n, 1))
      return Band(top: top + Double(i) * h, height: h)
    }
  }

  private func drawItem(
    _ item: LayoutPicture.Item, id: String, colour: Int, band: Band, rowsTop: Double,
    lastRow: UInt64, into out: inout Markup
  ) {
    let start: Double
    let end: Double
    if let bitOffset = item.bitOffset, let bits = item.bitSize {
      start = Double(bitOffset) / 8
      end = Double(bitOffset &+ bits) / 8
    } else {
      start = Double(item.offset)
      end = Double(item.offset &+ (item.size ?? 0))
    }
    var classes = ["member", "m\(colour)"]
    if item.bitSize != nil { classes.append("bitfield") }
    if item.size == nil { classes.append("unknown") }
    if !item.children.isEmpty { classes.append("container") }
    if let mark = item.mark { classes.append(mark.cssClass) }
    var attributes: [(String, String)] = [
      ("class", classes.joined(separator: " ")), ("id", id), ("data-name", item.name),
      ("data-offset", "\(item.offset)"),
    ]
    if let size = item.size { attributes.append(("data-size", "\(size)")) }
    if let bitOffset = item.bitOffset, let bits = item.bitSize {
      attributes += [("data-bit-offset", "\(bitOffset)"), ("data-bit-size", "\(bits)")]
    }
    if let link = item.mark?.link { attributes.append(("data-link", link)) }
    out.add(Markup.tag("g", attributes))
    out.add("<title>\(Escape.xml(tooltip(item)))</title>")
    let pieces = geometry.pieces(start: start, end: end, lastRow: lastRow)
    for piece in pieces {
      let y = rowY(rowsTop, piece.row) + band.top
      let x = geometry.x(piece.start)
      let w = (piece.end - piece.start) * geometry.scale
      var pieceClass = "piece"
      if piece.cutStart { pieceClass += " cut-start" }
      if piece.cutEnd { pieceClass += " cut-end" }
      out.add(
        "<rect class=\"\(pieceClass)\" x=\"\(svgNumber(x))\" y=\"\(svgNumber(y))\" width=\"\(svgNumber(w))\" height=\"\(svgNumber(band.height))\"/>"
      )
      // The cut where a member runs on into the next cacheline: a dashed edge.
      if piece.cutEnd { out.add(cut(x: x + w, y: y, height: band.height)) }
      if piece.cutStart { out.add(cut(x: x, y: y, height: band.height)) }
    }
    let label =
      (item.mark.map { $0.tag + " " } ?? "") + (item.name.isEmpty ? "(anonymous)" : item.name)
    if !item.children.isEmpty {
      // The container's name along its top (when there is room), its members below.
      let labelled = band.height >= 30
      if labelled, let widest = pieces.max(by: { $0.end - $0.start < $1.end - $1.start }) {
        let y = rowY(rowsTop, widest.row) + band.top
        out.add(text(label, piece: widest, y: y + 10, size: "small", anchorStart: true))
      }
      let inner = labelled ? Band(top: band.top + 13, height: band.height - 13) : band
      for (i, child) in item.children.enumerated() {
        let b = item.childrenOverlap ? inner.split(i, of: item.children.count) : inner
        drawItem(
          child, id: "\(id)-\(i)", colour: (colour + i + 1) % 4, band: b, rowsTop: rowsTop,
          lastRow: lastRow, into: &out)
      }
    } else if band.height >= 12 {
      // Every piece is labelled, a continuation with a leading ellipsis.
      for piece in pieces {
        let y = rowY(rowsTop, piece.row) + band.top + band.height / 2 + 4
        out.add(
          text(
            piece.cutStart ? "… " + label : label, piece: piece, y: y, size: nil, anchorStart: false
          ))
      }
    }
    if let link = item.mark?.link, let first = pieces.first {
      // An in-page link to the same member on the other side.
      let y = rowY(rowsTop, first.row) + band.top
      out.add(
        "<a href=\"#\(Escape.xml(link))\" class=\"link\"><rect class=\"link-target\" x=\"\(svgNumber(geometry.x(first.start)))\" y=\"\(svgNumber(y))\" width=\"\(svgNumber((first.end - first.start) * geometry.scale))\" height=\"\(svgNumber(band.height))\"/></a>"
      )
    }
    out.add("</g>")
  }

  private func tooltip(_ item: LayoutPicture.Item) -> String {
    var text = item.name.isEmpty ? "(anonymous)" : item.name
    if let type = item.typeName { text += ": " + type }
    if let bitOffset = item.bitOffset, let bits = item.bitSize {
      text +=
        ", bits \(bitOffset)..\(bitOffset &+ bits &- 1) (\(bits) bit\(bits == 1 ? "" : "s")) in the \(item.size ?? 0)-byte unit at \(item.offset)"
    } else {
      text +=
        ", offset \(item.offset), "
        + (item.size.map { "\($0) byte\($0 == 1 ? "" : "s")" } ?? "size unknown")
    }
    if let mark = item.mark { text += " [" + mark.meaning + "]" }
    return text
  }

  private func cut(x: Double, y: Double, height: Double) -> String {
    "<path class=\"cut\" d=\"M\(svgNumber(x)) \(svgNumber(y))V\(svgNumber(y + height))\"/>"
  }

  /// A label inside a piece, cut to its width with an ellipsis (the full text is in
  /// the element's `<title>`).
  private func text(
    _ s: String, piece: PictureGeometry.Piece, y: Double, size: String?, anchorStart: Bool
  ) -> String {
    let width = (piece.end - piece.start) * geometry.scale
    let charWidth = size == nil ? 6.7 : 6.1
    let fits = Int((width - 6) / charWidth)
    guard fits >= 1 else { return "" }
    var shown = s
    if shown.count > fits {
      shown = fits >= 3 ? String(shown.prefix(fits - 1)) + "…" : String(shown.prefix(fits))
    }
    let x = anchorStart ? geometry.x(piece.start) + 3 : geometry.x(piece.start) + width / 2
    let cls = "label" + (size.map { " " + $0 } ?? "") + (anchorStart ? " start" : "")
    return
      "<text class=\"\(cls)\" x=\"\(svgNumber(x))\" y=\"\(svgNumber(y))\">\(Escape.xml(shown))</text>"
  }

  /// A hole or the tail padding: hatched, labelled with its size.
  private func drawGap(
    _ span: LayoutPicture.Span, cssClass: String, label: String, rowsTop: Double, lastRow: UInt64,
    into out: inout Markup
  ) {
    out.add(
      Markup.tag(
        "g",
        [("class", cssClass), ("data-offset", "\(span.offset)"), ("data-size", "\(span.size)")]))
    out.add(
      "<title>\(cssClass == "hole" ? "hole" : "tail padding"): \(span.size) byte\(span.size == 1 ? "" : "s") at offset \(span.offset)</title>"
    )
    let pieces = geometry.pieces(
      start: Double(span.offset), end: Double(span.offset &+ span.size), lastRow: lastRow)
    for piece in pieces {
      let y = rowY(rowsTop, piece.row)
      out.add(
        "<rect class=\"piece\" x=\"\(svgNumber(geometry.x(piece.start)))\" y=\"\(svgNumber(y))\" width=\"\(svgNumber((piece.end - piece.start) * geometry.scale))\" height=\"\(svgNumber(PictureGeometry.rowHeight))\" fill=\"url(#\(idPrefix)-\(cssClass))\"/>"
      )
    }
    if let widest = pieces.max(by: { $0.end - $0.start < $1.end - $1.start }) {
      let y = rowY(rowsTop, widest.row) + PictureGeometry.rowHeight / 2 + 4
      let long = "\(label) \(span.size)"
      let width = (widest.end - widest.start) * geometry.scale
      out.add(
        text(
          Double(long.count) * 6.7 + 6 <= width ? long : "\(span.size)", piece: widest, y: y,
          size: nil, anchorStart: false))
    }
    out.add("</g>")
  }

  /// What each colour and hatch means, in words.
  private func legend(_ pictures: [LayoutPicture], top: Double, into out: inout Markup) {
    var entries: [(String, String)] = [
      ("swatch member m0", "member"), ("swatch hole", "hole"), ("swatch padding", "tail padding"),
    ]
    var seen = Set<String>()
    func collect(_ items: [LayoutPicture.Item]) {
      for item in items {
        if let mark = item.mark, seen.insert(mark.cssClass).inserted {
          entries.append(("swatch member " + mark.cssClass, mark.tag + " " + mark.meaning))
        }
        collect(item.children)
      }
    }
    for p in pictures { collect(p.items) }
    var x = PictureGeometry.originX
    var g = "<g class=\"legend\">"
    for (cls, label) in entries {
      let fill =
        cls.hasSuffix("hole")
        ? " fill=\"url(#\(idPrefix)-hole)\""
        : cls.hasSuffix("padding") ? " fill=\"url(#\(idPrefix)-padding)\"" : ""
      g +=
        "<rect class=\"\(cls)\" x=\"\(svgNumber(x))\" y=\"\(svgNumber(top))\" width=\"18\" height=\"14\"\(fill)/>"
      g +=
        "<text class=\"legend-label\" x=\"\(svgNumber(x + 24))\" y=\"\(svgNumber(top + 11))\">\(Escape.xml(label))</text>"
      x += 24 + Double(label.count) * 7 + 20
    }
    g +=
      "<text class=\"legend-label muted\" x=\"\(svgNumber(PictureGeometry.originX))\" y=\"\(svgNumber(top + 32))\">"
      + "A dashed edge: the member continues in the next cacheline. Hover a box for its type, offset and size.</text>"
    out.add(g + "</g>")
  }
}
