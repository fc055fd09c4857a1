/// One type of a layout picture: its title, the ruler, a row per cacheline, the storage
/// units of bit fields, the members, and the holes and tail padding.
extension LayoutSVG {
  func draw(_ p: LayoutPicture, index: Int, top: Double, into out: inout Markup) {
    let id = "\(idPrefix)-t\(index)"
    out.line {
      $0.open(
        "g",
        [
          "class": "type", "id": id, "data-name": p.name, "data-kind": p.kind.rawValue,
          "data-size": "\(p.size)",
        ])
    }
    title(p, top: top, into: &out)
    let rowsTop = top + Self.titleHeight + Self.rulerHeight
    let lastRow = rows(p) - 1
    ruler(top: top + Self.titleHeight, into: &out)
    for row in 0...lastRow where plan.isDrawn(row) {
      drawRow(row, of: p, rowsTop: rowsTop, into: &out)
    }
    for elision in plan.elisions { drawElision(elision, rowsTop: rowsTop, into: &out) }
    units(p.items, rowsTop: rowsTop, lastRow: lastRow, into: &out)
    let band = Band(top: 0, height: PictureGeometry.rowHeight)
    for (i, item) in p.items.enumerated() {
      let place = Place(
        band: p.kind == .union ? band.split(i, of: p.items.count) : band, rowsTop: rowsTop,
        lastRow: lastRow)
      drawItem(item, id: "\(id)-m\(i)", colour: i % 4, place: place, into: &out)
    }
    for hole in p.holes {
      drawGap(hole, cssClass: "hole", label: "hole", rowsTop: rowsTop, lastRow: lastRow, into: &out)
    }
    if let padding = p.padding {
      drawGap(
        padding, cssClass: "padding", label: "pad", rowsTop: rowsTop, lastRow: lastRow, into: &out)
    }
    out.line { $0.close("g") }
  }

  /// The tooltip and the heading: the type's name, size, cachelines, holes and padding.
  private func title(_ p: LayoutPicture, top: Double, into out: inout Markup) {
    let holeBytes = p.holes.reduce(0) { $0 &+ $1.size }
    var summary = "\(p.size) bytes, \(cachelines(p)) cacheline\(cachelines(p) == 1 ? "" : "s")"
    if rows(p) < cachelines(p) { summary += " (the first \(rows(p)) drawn)" }
    if holeBytes > 0 {
      summary +=
        ", \(p.holes.count) hole\(p.holes.count == 1 ? "" : "s") (\(counted(Int(holeBytes), "byte")))"
    }
    if let pad = p.padding { summary += ", \(counted(Int(pad.size), "byte")) padding" }
    out.line { $0.element("title", text: p.title + ": " + summary) }
    out.line {
      $0.element(
        "text",
        [
          "class": "type-title", "x": svgNumber(PictureGeometry.originX),
          "y": svgNumber(top + 17),
        ]
      ) {
        $0.text(p.title)
        $0.element("tspan", ["class": "muted", "dx": "10"], text: summary)
      }
    }
  }

  /// A cacheline's row: its offset and number at the left, the bytes the type uses in it,
  /// and the rest of the line (the type's end) set apart.
  private func drawRow(_ row: UInt64, of p: LayoutPicture, rowsTop: Double, into out: inout Markup)
  {
    let y = rowY(rowsTop, row)
    let start = row &* cachelineSize
    let used = min(cachelineSize, p.size > start ? p.size - start : 0)
    let labelX = svgNumber(PictureGeometry.originX - 8)
    out.line {
      $0.element(
        "text", ["class": "row-label", "x": labelX, "y": svgNumber(y + 18)], text: "\(start)")
      $0.element(
        "text", ["class": "row-label small", "x": labelX, "y": svgNumber(y + 32)], text: "cl \(row)"
      )
    }
    out.line { $0.empty("rect", box("row", x: PictureGeometry.originX, y: y, bytes: Double(used))) }
    if used < cachelineSize {
      out.line {
        $0.empty(
          "rect",
          box(
            "beyond", x: geometry.x(Double(used)), y: y, bytes: Double(cachelineSize - used)))
      }
    }
  }

  /// `<rect>` attributes of a box `bytes` wide and a row high.
  private func box(
    _ cssClass: String, x: Double, y: Double, bytes: Double,
    height: Double = PictureGeometry.rowHeight, fill: String? = nil
  ) -> Markup.Attributes {
    [
      "class": cssClass, "x": svgNumber(x), "y": svgNumber(y),
      "width": svgNumber(bytes * geometry.scale), "height": svgNumber(height), "fill": fill,
    ]
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
        let attributes = box(
          "unit", x: geometry.x(piece.start), y: rowY(rowsTop, piece.row) + 2,
          bytes: piece.end - piece.start, height: PictureGeometry.rowHeight - 4)
        out.line { $0.empty("rect", attributes) }
      }
    }
  }

  func rowY(_ rowsTop: Double, _ row: UInt64) -> Double {
    rowsTop + plan.offset(of: row, step: PictureGeometry.rowHeight + PictureGeometry.rowGap)
  }

  /// The band standing for rows left out: how many bytes of what, and where (drawn
  /// with the rows' own style, so every picture's stylesheet stays as it was).
  private func drawElision(_ e: RowPlan.Elision, rowsTop: Double, into out: inout Markup) {
    let y = rowY(rowsTop, e.first)
    let bytes = e.rows &* cachelineSize
    let text =
      "⋮ \(bytes) more bytes of this \(e.what) (\(e.rows) cachelines, \(e.first &* cachelineSize)"
      + " to \((e.last &+ 1) &* cachelineSize)) not drawn"
    out.line {
      $0.element(
        "g",
        [
          "class": "elided", "data-first-row": "\(e.first)", "data-last-row": "\(e.last)",
          "data-offset": "\(e.first &* cachelineSize)", "data-size": "\(bytes)",
        ]
      ) {
        $0.empty(
          "rect",
          box(
            "row", x: PictureGeometry.originX, y: y, bytes: Double(cachelineSize),
            height: RowPlan.bandHeight))
        $0.element(
          "text",
          [
            "class": "label start", "x": svgNumber(PictureGeometry.originX + 8),
            "y": svgNumber(y + 15),
          ], text: text)
      }
    }
  }

  /// Byte offsets within a row, every `step` bytes (a step wide enough to read).
  private func ruler(top: Double, into out: inout Markup) {
    var step: UInt64 = 1
    while Double(step) * geometry.scale < 80 && step < cachelineSize { step *= 2 }
    out.line {
      $0.element("g", ["class": "ruler", "aria-hidden": "true"]) { out in
        for offset in stride(from: UInt64(0), through: cachelineSize, by: Int(step)) {
          let x = svgNumber(geometry.x(Double(offset)))
          out.empty(
            "line",
            [
              "class": "tick", "x1": x, "y1": svgNumber(top + 10), "x2": x,
              "y2": svgNumber(top + 15),
            ])
          out.element(
            "text", ["class": "tick-label", "x": x, "y": svgNumber(top + 8)], text: "+\(offset)")
        }
      }
    }
  }

  /// A hole or the tail padding: hatched, labelled with its size.
  private func drawGap(
    _ span: LayoutPicture.Span, cssClass: String, label: String, rowsTop: Double, lastRow: UInt64,
    into out: inout Markup
  ) {
    let attributes: Markup.Attributes = [
      "class": cssClass, "data-offset": "\(span.offset)", "data-size": "\(span.size)",
    ]
    out.line { $0.open("g", attributes) }
    let what = cssClass == "hole" ? "hole" : "tail padding"
    out.line {
      $0.element(
        "title",
        text: "\(what): \(span.size) byte\(span.size == 1 ? "" : "s") at offset \(span.offset)")
    }
    let pieces = geometry.pieces(
      start: Double(span.offset), end: Double(span.offset &+ span.size), lastRow: lastRow
    ).filter { plan.isDrawn($0.row) }
    for piece in pieces {
      out.line {
        $0.empty(
          "rect",
          box(
            "piece", x: geometry.x(piece.start), y: rowY(rowsTop, piece.row),
            bytes: piece.end - piece.start, fill: "url(#\(idPrefix)-\(cssClass))"))
      }
    }
    if let widest = pieces.max(by: { $0.end - $0.start < $1.end - $1.start }) {
      let y = rowY(rowsTop, widest.row) + PictureGeometry.rowHeight / 2 + 4
      let long = "\(label) \(span.size)"
      let width = (widest.end - widest.start) * geometry.scale
      let shown = Double(long.count) * 6.7 + 6 <= width ? long : "\(span.size)"
      drawLabel(shown, piece: widest, y: y, small: false, anchorStart: false, into: &out)
    }
    out.line { $0.close("g") }
  }
}
