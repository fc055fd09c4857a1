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
package struct LayoutSVG {
  package var cachelineSize: UInt64
  /// Prefix of every id, unique per picture on a page.
  package var idPrefix: String
  /// A file of its own (XML declaration and inline style), or a part of an HTML page
  /// (whose stylesheet holds `LayoutSVG.css`).
  package var standalone: Bool
  /// The rows of the picture being drawn (set for each one).
  var plan = RowPlan.none

  package init(cachelineSize: UInt64, idPrefix: String = "k", standalone: Bool = true) {
    self.cachelineSize = max(cachelineSize, 1)
    self.idPrefix = idPrefix
    self.standalone = standalone
  }

  /// `layout --format svg`: every type of the document, stacked.
  static func render(_ document: LayoutDocument, expand: Bool) -> String {
    let pictures = document.layouts.map { LayoutPicture($0, table: document.table, expand: expand) }
    let title = "Layouts in " + Escape.path(document.file, bytes: document.pathBytes)
    return LayoutSVG(cachelineSize: document.cachelineSize).render(pictures, title: title)
  }

  var geometry: PictureGeometry { PictureGeometry(cachelineSize: cachelineSize) }
  static let titleHeight = 26.0
  static let rulerHeight = 16.0
  static let typeGap = 22.0
  static let legendHeight = 44.0

  /// The height one type takes.
  func height(of picture: LayoutPicture) -> Double {
    Self.titleHeight + Self.rulerHeight
      + rowPlan(picture).height(
        rows: rows(picture), step: PictureGeometry.rowHeight + PictureGeometry.rowGap)
  }

  /// The rows drawn of `picture`: long runs inside a hole or the padding left out.
  func rowPlan(_ picture: LayoutPicture) -> RowPlan {
    RowPlan(picture, cachelineSize: cachelineSize, lastRow: rows(picture) - 1)
  }

  /// Cachelines drawn per type at most: a type of absurd size (from a hostile file)
  /// must not make an unbounded picture.
  package static let maxRows: UInt64 = 4096

  /// The cachelines the type spans, and those drawn.
  func cachelines(_ picture: LayoutPicture) -> UInt64 {
    max(1, picture.size / cachelineSize + (picture.size % cachelineSize == 0 ? 0 : 1))
  }

  func rows(_ picture: LayoutPicture) -> UInt64 { min(cachelines(picture), Self.maxRows) }

  /// One SVG holding `pictures`, stacked, with a legend.
  package func render(_ pictures: [LayoutPicture], title: String) -> String {
    var out = Markup()
    draw(pictures, title: title, into: &out)
    return out.string
  }

  /// The same, into markup being written (an HTML page's).
  func draw(_ pictures: [LayoutPicture], title: String, into out: inout Markup) {
    let height =
      pictures.reduce(8.0) { $0 + self.height(of: $1) + Self.typeGap } + Self.legendHeight
    if standalone { out.line { $0.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>") } }
    out.line { $0.open("svg", rootAttributes(height: height)) }
    out.line { $0.element("title", ["id": idPrefix + "-title"], text: title) }
    out.line { $0.element("desc", ["id": idPrefix + "-desc"], text: description(pictures)) }
    if standalone {
      out.line {
        $0.element("style") {
          $0.newline()
          $0.raw(Self.css)
        }
      }
    }
    out.line(definitions)
    out.line { $0.empty("rect", background(width: PictureGeometry.width, height: height)) }
    var y = 8.0
    for (index, picture) in pictures.enumerated() {
      var planned = self
      planned.plan = rowPlan(picture)
      planned.draw(picture, index: index, top: y, into: &out)
      y += self.height(of: picture) + Self.typeGap
    }
    legend(pictures, top: y, into: &out)
    out.line { $0.close("svg") }
  }

  private func rootAttributes(height: Double) -> Markup.Attributes {
    let width = svgNumber(PictureGeometry.width)
    return [
      "xmlns": standalone ? "http://www.w3.org/2000/svg" : nil, "class": "klp-layout",
      "width": width, "height": svgNumber(height),
      "viewBox": "0 0 \(width) \(svgNumber(height))", "role": "img",
      "aria-labelledby": "\(idPrefix)-title \(idPrefix)-desc",
      "font-family": "ui-monospace, Menlo, Consolas, monospace",
      "data-scale": svgNumber(geometry.scale),
      "data-origin-x": svgNumber(PictureGeometry.originX),
      "data-row-bytes": "\(cachelineSize)",
    ]
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

  /// The hatches of holes and padding.
  private func definitions(_ out: inout Markup) {
    out.element("defs") {
      hatch("hole", angle: 45, into: &$0)
      hatch("padding", angle: -45, into: &$0)
    }
  }

  private func hatch(_ name: String, angle: Int, into out: inout Markup) {
    let attributes: Markup.Attributes = [
      "id": "\(idPrefix)-\(name)", "width": "6", "height": "6",
      "patternUnits": "userSpaceOnUse", "patternTransform": "rotate(\(angle))",
    ]
    out.element("pattern", attributes) {
      $0.empty("rect", ["class": "hatch-bg", "width": "6", "height": "6"])
      $0.empty(
        "line", ["class": "hatch-" + name, "x1": "0", "y1": "0", "x2": "0", "y2": "6"])
    }
  }

  /// What each colour and hatch means, in words.
  private func legend(_ pictures: [LayoutPicture], top: Double, into out: inout Markup) {
    var x = PictureGeometry.originX
    out.line {
      $0.element("g", ["class": "legend"]) { out in
        for (cls, label) in legendEntries(pictures) {
          let fill = ["hole", "padding"].first(where: cls.hasSuffix).map {
            "url(#\(idPrefix)-\($0))"
          }
          out.empty(
            "rect",
            [
              "class": cls, "x": svgNumber(x), "y": svgNumber(top), "width": "18", "height": "14",
              "fill": fill,
            ])
          out.element(
            "text", ["class": "legend-label", "x": svgNumber(x + 24), "y": svgNumber(top + 11)],
            text: label)
          x += 24 + Double(label.count) * 7 + 20
        }
        out.element(
          "text",
          [
            "class": "legend-label muted", "x": svgNumber(PictureGeometry.originX),
            "y": svgNumber(top + 32),
          ],
          text:
            "A dashed edge: the member continues in the next cacheline. Hover a box for its type, offset and size."
        )
      }
    }
  }

  /// (CSS classes, label) per legend entry: members, holes, padding, then each mark used.
  private func legendEntries(_ pictures: [LayoutPicture]) -> [(String, String)] {
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
    return entries
  }
}

/// `<rect class="bg">` covering a picture.
func background(width: Double, height: Double) -> Markup.Attributes {
  ["class": "bg", "x": "0", "y": "0", "width": svgNumber(width), "height": svgNumber(height)]
}
