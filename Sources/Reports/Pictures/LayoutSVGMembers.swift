/// The members of a layout picture: a box per member in each cacheline it touches, its
/// name inside, and an expanded aggregate's own members drawn within it.
extension LayoutSVG {
  /// A horizontal slice of a row's height: members of a union share the row in bands.
  struct Band {
    var top: Double
    var height: Double

    func split(_ i: Int, of n: Int) -> Band {
      let h = height / Double(max(n, 1))
      return Band(top: top + Double(i) * h, height: h)
    }
  }

  /// Where a member is drawn: its band, the rows' top, and the last row drawn.
  struct Place {
    var band: Band
    var rowsTop: Double
    var lastRow: UInt64

    func with(_ band: Band) -> Place { Place(band: band, rowsTop: rowsTop, lastRow: lastRow) }
  }

  func drawItem(
    _ item: LayoutPicture.Item, id: String, colour: Int, place: Place, into out: inout Markup
  ) {
    let attributes = itemAttributes(item, id: id, colour: colour)
    out.line { $0.open("g", attributes) }
    out.line { $0.element("title", text: tooltip(item)) }
    let (start, end) = extent(item)
    let pieces = geometry.pieces(start: start, end: end, lastRow: place.lastRow)
    for piece in pieces { drawPiece(piece, place: place, into: &out) }
    let label =
      (item.mark.map { $0.tag + " " } ?? "") + (item.name.isEmpty ? "(anonymous)" : item.name)
    if !item.children.isEmpty {
      drawChildren(
        item, label: label, pieces: pieces, id: id, colour: colour, place: place, into: &out)
    } else if place.band.height >= 12 {
      // Every piece is labelled, a continuation with a leading ellipsis.
      for piece in pieces {
        let y = rowY(place.rowsTop, piece.row) + place.band.top + place.band.height / 2 + 4
        drawLabel(
          piece.cutStart ? "… " + label : label, piece: piece, y: y, small: false,
          anchorStart: false, into: &out)
      }
    }
    if let link = item.mark?.link, let first = pieces.first {
      drawLink(link, piece: first, place: place, into: &out)
    }
    out.line { $0.close("g") }
  }

  /// Bytes from the row's start where the member begins and ends (fractions for bits).
  private func extent(_ item: LayoutPicture.Item) -> (Double, Double) {
    if let bitOffset = item.bitOffset, let bits = item.bitSize {
      return (Double(bitOffset) / 8, Double(bitOffset &+ bits) / 8)
    }
    return (Double(item.offset), Double(item.offset &+ (item.size ?? 0)))
  }

  /// A member's classes and `data-` facts.
  private func itemAttributes(
    _ item: LayoutPicture.Item, id: String, colour: Int
  )
    -> Markup.Attributes
  {
    var classes = ["member", "m\(colour)"]
    if item.bitSize != nil { classes.append("bitfield") }
    if item.size == nil { classes.append("unknown") }
    if !item.children.isEmpty { classes.append("container") }
    if let mark = item.mark { classes.append(mark.cssClass) }
    let bits = item.bitOffset.flatMap { offset in item.bitSize.map { (offset, $0) } }
    return [
      "class": classes.joined(separator: " "), "id": id, "data-name": item.name,
      "data-offset": "\(item.offset)", "data-size": item.size.map { "\($0)" },
      "data-bit-offset": bits.map { "\($0.0)" }, "data-bit-size": bits.map { "\($0.1)" },
      "data-link": item.mark?.link,
    ]
  }

  /// One box of a member; the cut where it runs on into the next cacheline, dashed.
  private func drawPiece(_ piece: PictureGeometry.Piece, place: Place, into out: inout Markup) {
    let y = rowY(place.rowsTop, piece.row) + place.band.top
    let x = geometry.x(piece.start)
    let w = (piece.end - piece.start) * geometry.scale
    var pieceClass = "piece"
    if piece.cutStart { pieceClass += " cut-start" }
    if piece.cutEnd { pieceClass += " cut-end" }
    let height = place.band.height
    out.line {
      $0.empty(
        "rect",
        [
          "class": pieceClass, "x": svgNumber(x), "y": svgNumber(y), "width": svgNumber(w),
          "height": svgNumber(height),
        ])
    }
    if piece.cutEnd { drawCut(x: x + w, y: y, height: height, into: &out) }
    if piece.cutStart { drawCut(x: x, y: y, height: height, into: &out) }
  }

  private func drawCut(x: Double, y: Double, height: Double, into out: inout Markup) {
    out.line {
      $0.empty(
        "path", ["class": "cut", "d": "M\(svgNumber(x)) \(svgNumber(y))V\(svgNumber(y + height))"])
    }
  }

  /// An expanded aggregate: its name along its top (when there is room), its members below.
  private func drawChildren(
    _ item: LayoutPicture.Item, label: String, pieces: [PictureGeometry.Piece], id: String,
    colour: Int, place: Place, into out: inout Markup
  ) {
    let band = place.band
    let labelled = band.height >= 30
    if labelled, let widest = pieces.max(by: { $0.end - $0.start < $1.end - $1.start }) {
      let y = rowY(place.rowsTop, widest.row) + band.top
      drawLabel(label, piece: widest, y: y + 10, small: true, anchorStart: true, into: &out)
    }
    let inner = labelled ? Band(top: band.top + 13, height: band.height - 13) : band
    for (i, child) in item.children.enumerated() {
      let b = item.childrenOverlap ? inner.split(i, of: item.children.count) : inner
      drawItem(
        child, id: "\(id)-\(i)", colour: (colour + i + 1) % 4, place: place.with(b), into: &out)
    }
  }

  /// An in-page link to the same member on the other side.
  private func drawLink(
    _ link: String, piece: PictureGeometry.Piece, place: Place, into out: inout Markup
  ) {
    let y = rowY(place.rowsTop, piece.row) + place.band.top
    out.line {
      $0.element("a", ["href": "#" + link, "class": "link"]) {
        $0.empty(
          "rect",
          [
            "class": "link-target", "x": svgNumber(geometry.x(piece.start)), "y": svgNumber(y),
            "width": svgNumber((piece.end - piece.start) * geometry.scale),
            "height": svgNumber(place.band.height),
          ])
      }
    }
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

  /// A label inside a piece, cut to its width with an ellipsis (the full text is in
  /// the element's `<title>`); nothing where not even one character fits.
  func drawLabel(
    _ s: String, piece: PictureGeometry.Piece, y: Double, small: Bool, anchorStart: Bool,
    into out: inout Markup
  ) {
    let width = (piece.end - piece.start) * geometry.scale
    let fits = Int((width - 6) / (small ? 6.1 : 6.7))
    guard fits >= 1 else { return }
    var shown = s
    if shown.count > fits {
      shown = fits >= 3 ? String(shown.prefix(fits - 1)) + "…" : String(shown.prefix(fits))
    }
    let x = anchorStart ? geometry.x(piece.start) + 3 : geometry.x(piece.start) + width / 2
    let cls = "label" + (small ? " small" : "") + (anchorStart ? " start" : "")
    out.line {
      $0.element("text", ["class": cls, "x": svgNumber(x), "y": svgNumber(y)], text: shown)
    }
  }
}
