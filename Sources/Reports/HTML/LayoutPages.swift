import LayoutModel
import ReportSchema
import WhatIf

/// `--format html`: one self-contained page per subcommand's document.
enum HTMLReport {
  /// The kobject, singled out in the klp types.
  static let kobjectMark = LayoutPicture.Mark(
    cssClass: "highlight", tag: "★", meaning: "the embedded struct kobject")

  /// `layout`: a table of the types, then every type drawn.
  static func layout(_ d: LayoutDocument, expand: Bool) -> String {
    var page = HTMLPage(title: "Layouts in \(Escape.path(d.file, bytes: d.pathBytes))")
    page.paragraph(
      "\(d.machine), cacheline \(d.cachelineSize) bytes"
        + (d.debugFile.map { "; DWARF from \($0)" } ?? "") + ".", cssClass: "muted")
    page.table(
      ["type", "size", "alignment", "members", "holes", "hole bytes", "padding", "cachelines"],
      d.types.map { t in
        [
          .code(t.kind.rawValue + " " + (t.name.isEmpty ? "(anonymous)" : t.name), sortKey: t.name),
          .number(t.size), .number(t.alignment), .number(t.members.count),
          .number(t.holes.count), .number(t.holeBytes), .number(t.paddingBytes),
          .number(t.cachelines),
        ]
      }, sortable: true)
    page.layouts(
      d.layouts.map { LayoutPicture($0, table: d.table, expand: expand) },
      cachelineSize: d.cachelineSize,
      title: "Layouts in \(Escape.path(d.file, bytes: d.pathBytes))")
    return page.html
  }

  /// `inspect`: per module the patch tree, the klp types with the kobject drawn, the
  /// static arrays and the totals.
  static func inspect(_ d: InspectDocument) -> String {
    var page = HTMLPage(
      title: d.modules.count == 1
        ? "Livepatch module \(Escape.path(d.modules[0].file, bytes: d.modules[0].pathBytes))"
        : "Livepatch modules")
    for r in d.modules {
      if d.modules.count > 1 { page.heading(Escape.path(r.file, bytes: r.pathBytes)) }
      page.paragraph(
        "\(r.machine), \(r.pointerSize)-byte pointers, \(r.byteOrder)-endian"
          + (r.debugFile.map { "; DWARF from \($0)" } ?? "") + ".",
        cssClass: "muted")
      guard r.livepatch else {
        page.verdict(
          "Not a livepatch module (no static klp_patch, klp_object or klp_func data).", passed: nil)
        continue
      }
      inspect(livepatch: r, into: &page)
    }
    return page.html
  }

  /// A livepatch module's part of the `inspect` page.
  private static func inspect(livepatch r: InspectReport, into page: inout HTMLPage) {
    page.verdict(
      "\(r.totals.staticBytes) static klp bytes: \(r.totals.objects) object\(r.totals.objects == 1 ? "" : "s"), "
        + "\(r.totals.funcs) func\(r.totals.funcs == 1 ? "" : "s")"
        + (r.heap.map { "; \($0.bytes) heap bytes at init" } ?? "") + ".",
      passed: nil)
    page.heading("Patch tree", level: 3)
    page.add { tree(r.patches, into: &$0) }
    page.heading("Types", level: 3)
    page.table(
      ["type", "sizeof", "elements", "bytes", "kobject", "holes", "padding", "cachelines"],
      r.types.map { typeRow($0, of: r) })
    page.heading("Static klp arrays", level: 3)
    page.table(
      ["array", "type", "count", "entries", "sentinel", "bytes", "section"],
      r.arrays.map { a in
        [
          .code(a.symbol), .code("struct " + a.elementType), .number(a.count),
          .number(a.entries), HTMLPage.Cell(a.sentinel ? "yes" : "no"), .number(a.bytes),
          .code(a.section),
        ]
      })
    if let heap = r.heap {
      page.heading("Heap at init (\(r.records?.rawValue ?? "records"))", level: 3)
      page.table(
        ["allocations", "kmalloc size", "for", "from", "bytes"],
        heap.allocations.map { a in
          [
            .number(a.count), .number(a.requested), HTMLPage.Cell(a.what), HTMLPage.Cell(a.cache),
            .number(a.totalBytes),
          ]
        })
    }
    drawKlpTypes(r, into: &page)
  }

  /// A klp type's row: its size, the elements of it in the static arrays, their bytes.
  private static func typeRow(_ t: InspectReport.TypeSize, of r: InspectReport) -> [HTMLPage.Cell] {
    let elements = r.arrays.filter { $0.elementType == t.name }.reduce(UInt64(0)) {
      $0 &+ $1.count
    }
    let kobject =
      t.kobjectBytes.map {
        "\($0) (\($0.multipliedReportingOverflow(by: 100).partialValue / max(t.size, 1))%)"
      } ?? "-"
    return [
      .code("struct " + t.name), .number(t.size), .number(elements), .number(elements &* t.size),
      HTMLPage.Cell(kobject), .number(t.holeBytes), .number(t.paddingBytes),
      .number(t.cachelines),
    ]
  }

  /// `klp_patch`, `klp_object` and `klp_func` drawn, the kobject marked.
  private static func drawKlpTypes(_ r: InspectReport, into page: inout HTMLPage) {
    let drawn = r.layouts.filter {
      ["klp_patch", "klp_object", "klp_func"].contains($0.name ?? "")
    }
    guard let table = r.table, !drawn.isEmpty else { return }
    page.heading("The klp types, drawn", level: 3)
    page.paragraph(
      "One row per 64-byte cacheline; the embedded struct kobject is marked.", cssClass: "muted")
    let pictures = drawn.map { LayoutPicture($0, table: table).marking(["kobj": kobjectMark]) }
    page.layouts(
      pictures, cachelineSize: drawn[0].cachelineSize,
      title: "klp types in \(Escape.path(r.file, bytes: r.pathBytes))")
  }

  /// The patch → objects → funcs tree as nested lists.
  static func tree(_ patches: [InspectReport.Patch], into out: inout Markup) {
    out.element("ul", ["class": "tree"]) { out in
      for patch in patches {
        out.element("li") { out in
          out.element("code", text: patch.symbol)
          if patch.replace { tag("replace", into: &out) }
          if patch.source != "static" { tag(patch.source, into: &out) }
          out.element("ul") { out in
            for state in patch.states {
              out.element("li", text: "state id=\(state.id) version=\(state.version)")
            }
            for object in patch.objects { tree(object, into: &out) }
          }
        }
      }
    }
  }

  /// An object of the tree and its funcs.
  private static func tree(_ object: InspectReport.Object, into out: inout Markup) {
    out.element("li") { out in
      out.element("code", text: object.target)
      for callback in object.callbacks.keys.sorted() { tag(callback, into: &out) }
      out.element("ul") { out in
        for f in object.funcs {
          let sympos = f.oldSympos != 0 ? ",\(f.oldSympos)" : ""
          out.element("li") {
            $0.element("code", text: (f.oldName ?? "?") + sympos)
            $0.text(" → ")
            $0.element("code", text: f.newFunc ?? "NULL")
          }
        }
      }
    }
  }

  private static func tag(_ text: String, into out: inout Markup) {
    out.element("span", ["class": "tag"], text: text)
  }
}
