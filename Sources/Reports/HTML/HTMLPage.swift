/// One self-contained HTML page: inline CSS and SVG, no external fetch of any kind,
/// readable without JavaScript (a small inline script only sorts tables). Deterministic:
/// no timestamps; ids come from the order pictures are added.
///
/// A page for a new document is a few lines: `var page = HTMLPage(title:)`, then
/// `verdict`/`paragraph`/`heading`/`table`/`layouts`/`sideBySide` calls, then `page.html`.
/// Everything is written with `Markup`, so every name from a file is escaped there.
package struct HTMLPage {
  package var title: String
  /// The parts of `<main>` after the title, a line apart.
  private var body = Markup()
  private var parts = 0
  private var pictures = 0
  private var hasSortableTable = false

  package init(title: String) { self.title = title }

  /// A part of the page written by `write` (a list, a tree).
  mutating func add(_ write: (inout Markup) -> Void) {
    if parts > 0 { body.newline() }
    parts += 1
    write(&body)
  }

  package mutating func heading(_ text: String, level: Int = 2, id: String? = nil) {
    add { $0.element(Self.headings[min(max(level, 1), 6) - 1], ["id": id], text: text) }
  }

  private static let headings: [StaticString] = ["h1", "h2", "h3", "h4", "h5", "h6"]

  package mutating func paragraph(_ text: String, cssClass: String? = nil) {
    add { $0.element("p", ["class": cssClass], text: text) }
  }

  /// The answer first: a banner that says pass or fail in words as well as colour.
  package mutating func verdict(_ text: String, passed: Bool?) {
    let cls = passed.map { $0 ? "pass" : "fail" } ?? "info"
    add {
      $0.element("div", ["class": "verdict " + cls, "role": "status"]) {
        if let passed {
          $0.element("strong", text: passed ? "PASS" : "FAIL")
          $0.text(" ")
        }
        $0.text(text)
      }
    }
  }

  /// A list of escaped texts.
  mutating func list(_ items: [String]) {
    add { out in out.element("ul") { for item in items { $0.element("li", text: item) } } }
  }

  /// A table; cells are escaped text, or markup built with `Markup` (`Cell.code`,
  /// `Cell.markup`). A sortable table sorts by a click on its header (numbers as numbers).
  package mutating func table(
    _ header: [String], _ rows: [[Cell]], sortable: Bool = false, caption: String? = nil
  ) {
    if sortable { hasSortableTable = true }
    add { out in
      out.element("table", ["class": sortable ? "sortable" : nil]) { out in
        if let caption { out.element("caption", text: caption) }
        out.element("thead") { out in
          out.element("tr") { for h in header { $0.element("th", ["scope": "col"], text: h) } }
        }
        out.element("tbody") { out in
          for row in rows { out.element("tr") { for cell in row { cell.write(into: &$0) } } }
        }
      }
    }
  }

  /// A table cell: text (escaped) or markup, and whether it holds a number.
  package struct Cell: ExpressibleByStringLiteral {
    var content = Markup()
    var isNumber = false
    var sortKey: String?

    package init(stringLiteral value: String) { content.text(value) }
    package init(_ text: String) { content.text(text) }

    package static func number(_ n: some BinaryInteger) -> Cell {
      var c = Cell("\(n)")
      c.isNumber = true
      return c
    }

    /// `+8`, `-8`: right-aligned, sorted as a number.
    package static func signedNumber(_ n: Int64) -> Cell {
      var c = Cell(signed(n))
      c.isNumber = true
      c.sortKey = "\(n)"
      return c
    }

    /// A name from a file in `<code>`.
    package static func code(_ name: String, sortKey: String? = nil) -> Cell {
      markup(sortKey: sortKey) { $0.element("code", text: name) }
    }

    /// Markup written by `write`.
    static func markup(sortKey: String? = nil, _ write: (inout Markup) -> Void) -> Cell {
      var c = Cell("")
      write(&c.content)
      c.sortKey = sortKey
      return c
    }

    func write(into out: inout Markup) {
      out.element("td", ["class": isNumber ? "num" : nil, "data-sort": sortKey]) {
        $0.append(content)
      }
    }
  }

  /// The next picture's id prefix, unique on the page.
  package mutating func nextPictureID() -> String {
    pictures += 1
    return "p\(pictures)"
  }

  /// Layout pictures in one SVG.
  package mutating func layouts(_ pictures: [LayoutPicture], cachelineSize: UInt64, title: String) {
    let svg = LayoutSVG(cachelineSize: cachelineSize, idPrefix: nextPictureID(), standalone: false)
    add { out in
      out.element("figure", ["class": "picture"]) { svg.draw(pictures, title: title, into: &$0) }
    }
  }

  /// Two pictures next to each other (they wrap below each other on a narrow screen).
  package mutating func sideBySide(
    _ left: (title: String, pictures: [LayoutPicture]),
    _ right: (title: String, pictures: [LayoutPicture]),
    cachelineSize: UInt64, leftID: String? = nil, rightID: String? = nil
  ) {
    let svgs = [leftID, rightID].map {
      LayoutSVG(cachelineSize: cachelineSize, idPrefix: $0 ?? nextPictureID(), standalone: false)
    }
    add { out in
      out.element("div", ["class": "side-by-side"]) { out in
        for (side, svg) in zip([left, right], svgs) {
          out.element("figure", ["class": "picture"]) {
            $0.element("figcaption", text: side.title)
            svg.draw(side.pictures, title: side.title, into: &$0)
          }
        }
      }
    }
  }

  /// An inline SVG drawn by `draw` (a chart).
  mutating func figure(caption: String? = nil, _ draw: (inout Markup) -> Void) {
    add { out in
      out.element("figure", ["class": "picture"]) {
        if let caption { $0.element("figcaption", text: caption) }
        draw(&$0)
      }
    }
  }

  /// The whole page.
  package var html: String {
    var out = Markup()
    out.line { $0.raw("<!DOCTYPE html>") }
    out.line { $0.open("html", ["lang": "en"]) }
    head(into: &out)
    out.line { $0.open("body") }
    out.line { $0.open("main") }
    out.line { $0.element("h1", text: title) }
    out.line { $0.append(body) }
    out.line { $0.close("main") }
    if hasSortableTable {
      out.line { $0.element("script") { Self.verbatim(Self.sortScript, &$0) } }
    }
    out.line { $0.close("body") }
    out.line { $0.close("html") }
    return out.string
  }

  private func head(into out: inout Markup) {
    out.line { $0.open("head") }
    out.line { $0.open("meta", ["charset": "utf-8"]) }
    out.line {
      $0.open("meta", ["name": "viewport", "content": "width=device-width, initial-scale=1"])
    }
    out.line { $0.open("meta", ["name": "color-scheme", "content": "light dark"]) }
    out.line { $0.open("meta", ["name": "generator", "content": "klp-layout"]) }
    out.line { $0.element("title", text: title) }
    out.line {
      $0.element("style") {
        $0.newline()
        $0.raw(Self.css)
        $0.raw(LayoutSVG.css)
        $0.raw(DesignChart.css)
      }
    }
    out.line { $0.close("head") }
  }

  /// A script or stylesheet on lines of its own.
  private static func verbatim(_ text: StaticString, _ out: inout Markup) {
    out.newline()
    out.raw(text)
  }

  static let css: StaticString = """
    :root { color-scheme: light dark; --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --border: #d1d9e0;
      --panel: #f6f8fa; --pass: #1a7f37; --pass-bg: #dafbe1; --fail: #cf222e; --fail-bg: #ffebe9; --info-bg: #ddf4ff;
      --link: #0969da; }
    @media (prefers-color-scheme: dark) {
      :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --border: #3d444d; --panel: #151b23; --pass: #3fb950;
        --pass-bg: #0f2d1a; --fail: #f85149; --fail-bg: #3c1618; --info-bg: #0c2d4a; --link: #4493f8; }
    }
    body { margin: 0; background: var(--bg); color: var(--fg);
      font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; }
    main { max-width: 1760px; margin: 0 auto; padding: 24px 32px 48px; }
    h1 { font-size: 22px; margin: 0 0 8px; overflow-wrap: anywhere; }
    h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid var(--border); padding-bottom: 4px; }
    h3 { font-size: 16px; margin: 20px 0 6px; }
    p { margin: 6px 0; }
    .muted { color: var(--muted); }
    a { color: var(--link); }
    code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 13px; background: var(--panel);
      padding: 1px 4px; border-radius: 4px; overflow-wrap: anywhere; }
    .verdict { margin: 12px 0 16px; padding: 12px 16px; border-radius: 6px; border: 1px solid var(--border);
      background: var(--info-bg); font-size: 16px; }
    .verdict.pass { background: var(--pass-bg); border-color: var(--pass); }
    .verdict.fail { background: var(--fail-bg); border-color: var(--fail); }
    .verdict.pass strong { color: var(--pass); }
    .verdict.fail strong { color: var(--fail); }
    table { border-collapse: collapse; margin: 8px 0 16px; font-size: 14px; }
    caption { text-align: left; font-weight: 600; padding: 4px 0; }
    th, td { border: 1px solid var(--border); padding: 4px 10px; text-align: left; vertical-align: top; }
    th { background: var(--panel); }
    td.num { text-align: right; font-variant-numeric: tabular-nums; }
    table.sortable th { cursor: pointer; user-select: none; }
    table.sortable th[aria-sort="ascending"]::after { content: " ▲"; }
    table.sortable th[aria-sort="descending"]::after { content: " ▼"; }
    figure.picture { margin: 8px 0 20px; overflow-x: auto; }
    figure.picture > svg { max-width: 100%; height: auto; }
    figcaption { font-weight: 600; margin-bottom: 4px; overflow-wrap: anywhere; }
    .side-by-side { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
    .side-by-side > figure { flex: 1 1 560px; min-width: 0; }
    ul.tree, ul.tree ul { list-style: none; margin: 0; padding-left: 22px; }
    ul.tree { padding-left: 0; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 14px; }
    ul.tree li { position: relative; padding-left: 14px; }
    ul.tree ul li::before { content: ""; position: absolute; left: -8px; top: 0; bottom: 0; border-left: 1px solid var(--border); }
    ul.tree ul li::after { content: ""; position: absolute; left: -8px; top: 0.8em; width: 16px; border-top: 1px solid var(--border); }
    ul.tree ul li:last-child::before { bottom: auto; height: 0.8em; }
    .tag { display: inline-block; font-size: 12px; padding: 0 6px; border-radius: 10px; border: 1px solid var(--border);
      background: var(--panel); margin-left: 6px; font-family: system-ui, sans-serif; }
    .change-added { color: var(--pass); font-weight: 600; }
    .change-removed { color: var(--fail); font-weight: 600; }

    """

  /// Sorts a table by the clicked column; cells' `data-sort` or numbers, else text.
  static let sortScript: StaticString = """
    document.querySelectorAll("table.sortable").forEach(function (table) {
      table.querySelectorAll("th").forEach(function (th, column) {
        th.tabIndex = 0;
        function sort() {
          var ascending = th.getAttribute("aria-sort") !== "ascending";
          table.querySelectorAll("th").forEach(function (other) { other.removeAttribute("aria-sort"); });
          th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
          var body = table.tBodies[0];
          var rows = Array.prototype.slice.call(body.rows);
          function key(row) {
            var cell = row.cells[column];
            var text = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent;
            var n = Number(text);
            return text !== "" && !isNaN(n) ? n : text.toLowerCase();
          }
          rows.sort(function (a, b) {
            var x = key(a), y = key(b);
            var r = typeof x === typeof y ? (x < y ? -1 : x > y ? 1 : 0) : (typeof x === "number" ? -1 : 1);
            return ascending ? r : -r;
          });
          rows.forEach(function (row) { body.appendChild(row); });
        }
        th.addEventListener("click", sort);
        th.addEventListener("keydown", function (e) { if (e.key === "Enter") { sort(); } });
      });
    });

    """
}
