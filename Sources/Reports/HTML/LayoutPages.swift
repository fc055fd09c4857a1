import LayoutModel
import ReportSchema
import WhatIf

/// `--format html`: one self-contained page per subcommand's document.
public enum HTMLReport {
  /// The kobject, singled out in the klp types.
  static let kobjectMark = LayoutPicture.Mark(
    cssClass: "highlight", tag: "★", meaning: "the embedded struct kobject")

  /// `layout`: a table of the types, then every type drawn.
  public static func layout(_ d: LayoutDocument, expand: Bool = false) -> String {
    var page = HTMLPage(title: "Layouts in \(d.file)")
    page.paragraph(
      "\(d.machine), cacheline \(d.cachelineSize) bytes"
        + (d.debugFile.map { "; DWARF from \($0)" } ?? "") + ".", cssClass: "muted")
    page.table(
      ["type", "size", "alignment", "members", "holes", "hole bytes", "padding", "cachelines"],
      d.types.map { t in
        [
          .html(
            HTMLPage.code(t.kind.rawValue + " " + (t.name.isEmpty ? "(anonymous)" : t.name)),
            sortKey: t.name
          ), .number(t.size), .number(t.alignment),
          .number(t.members.count), .number(t.holes.count), .number(t.holeBytes),
          .number(t.paddingBytes), .number(t.cachelines),
        ]
      }, sortable: true)
    page.layouts(
      d.layouts.map { LayoutPicture($0, table: d.table, expand: expand) },
      cachelineSize: d.cachelineSize,
      title: "Layouts in \(d.file)")
    return page.html
  }

  /// `inspect`: per module the patch tree, the klp types with the kobject drawn, the
  /// static arrays and the totals.
  public static func inspect(_ d: InspectDocument) -> String {
    var page = HTMLPage(
      title: d.modules.count == 1 ? "Livepatch module \(d.modules[0].file)" : "Livepatch modules")
    for r in d.modules {
      if d.modules.count > 1 { page.heading(r.file) }
      page.paragraph(
        "\(r.machine), \(r.pointerSize)-byte pointers, \(r.byteOrder)-endian"
          + (r.debugFile.map { "; DWARF from \($0)" } ?? "") + ".",
        cssClass: "muted")
      guard r.livepatch else {
        page.verdict(
          "Not a livepatch module (no static klp_patch, klp_object or klp_func data).", passed: nil)
        continue
      }
      page.verdict(
        "\(r.totals.staticBytes) static klp bytes: \(r.totals.objects) object\(r.totals.objects == 1 ? "" : "s"), "
          + "\(r.totals.funcs) func\(r.totals.funcs == 1 ? "" : "s")"
          + (r.heap.map { "; \($0.bytes) heap bytes at init" } ?? "") + ".",
        passed: nil)
      page.heading("Patch tree", level: 3)
      page.raw(tree(r.patches))
      page.heading("Types", level: 3)
      page.table(
        ["type", "sizeof", "elements", "bytes", "kobject", "holes", "padding", "cachelines"],
        r.types.map { t in
          let elements = r.arrays.filter { $0.elementType == t.name }.reduce(UInt64(0)) {
            $0 &+ $1.count
          }
          let kobject =
            t.kobjectBytes.map {
              "\($0) (\($0.multipliedReportingOverflow(by: 100).partialValue / max(t.size, 1))%)"
            } ?? "-"
          return [
            .html(HTMLPage.code(TypeKey.structure(t.name).spelling)), .number(t.size),
            .number(elements),
            .number(elements &* t.size),
            HTMLPage.Cell(kobject), .number(t.holeBytes), .number(t.paddingBytes),
            .number(t.cachelines),
          ]
        })
      page.heading("Static klp arrays", level: 3)
      page.table(
        ["array", "type", "count", "entries", "sentinel", "bytes", "section"],
        r.arrays.map { a in
          [
            .html(HTMLPage.code(a.symbol)),
            .html(HTMLPage.code(TypeKey.structure(a.elementType).spelling)),
            .number(a.count), .number(a.entries),
            HTMLPage.Cell(a.sentinel ? "yes" : "no"), .number(a.bytes),
            .html(HTMLPage.code(a.section)),
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
      let drawn = r.layouts.filter {
        ["klp_patch", "klp_object", "klp_func"].contains($0.name ?? "")
      }
      if let table = r.table, !drawn.isEmpty {
        page.heading("The klp types, drawn", level: 3)
        page.paragraph(
          "One row per 64-byte cacheline; the embedded struct kobject is marked.", cssClass: "muted"
        )
        let pictures = drawn.map { LayoutPicture($0, table: table).marking(["kobj": kobjectMark]) }
        page.layouts(
          pictures, cachelineSize: drawn[0].cachelineSize, title: "klp types in \(r.file)")
      }
    }
    return page.html
  }

  /// The patch → objects → funcs tree as nested lists.
  static func tree(_ patches: [InspectReport.Patch]) -> String {
    var out = "<ul class=\"tree\">"
    for patch in patches {
      out += "<li>" + HTMLPage.code(patch.symbol)
      if patch.replace { out += "<span class=\"tag\">replace</span>" }
      if patch.source != "static" {
        out += "<span class=\"tag\">\(HTMLPage.text(patch.source))</span>"
      }
      out += "<ul>"
      for state in patch.states { out += "<li>state id=\(state.id) version=\(state.version)</li>" }
      for object in patch.objects {
        out += "<li>" + HTMLPage.code(object.target)
        for callback in object.callbacks.keys.sorted() {
          out += "<span class=\"tag\">\(HTMLPage.text(callback))</span>"
        }
        out += "<ul>"
        for f in object.funcs {
          let sympos = f.oldSympos != 0 ? ",\(f.oldSympos)" : ""
          out +=
            "<li>" + HTMLPage.code((f.oldName ?? "?") + sympos) + " → "
            + HTMLPage.code(f.newFunc ?? "NULL") + "</li>"
        }
        out += "</ul></li>"
      }
      out += "</ul></li>"
    }
    return out + "</ul>"
  }

  /// `whatif`: the headline, the designs as bars (permanent, transient, the replaced
  /// modules' bytes), the table, then the edited layouts drawn.
  public static func whatIf(_ d: WhatIfDocument) -> String {
    var page = HTMLPage(title: "What if: \(d.file)")
    page.paragraph(
      d.machine + (d.replaces.isEmpty ? "" : ", replacing " + d.replaces.joined(separator: ", "))
        + (d.debugFile.map { "; DWARF from \($0)" } ?? "") + ".", cssClass: "muted")
    page.verdict(d.headline, passed: nil)
    page.heading("Designs")
    page.figure(DesignChart(document: d, idPrefix: page.nextPictureID()).svg)
    page.table(
      [
        "design", "klp_func", "klp_object", "permanent", "transient", "peak", "Δ permanent",
        "Δ transient", "Δ peak",
      ],
      d.designs.map { design in
        let size: (String) -> HTMLPage.Cell = { name in
          design.sizes.first { $0.type.name == name }.map { .number($0.size) } ?? "-"
        }
        let delta: (KeyPath<WhatIfDocument.Delta, Int64>) -> HTMLPage.Cell = { path in
          design.delta.map { .signedNumber($0[keyPath: path]) } ?? ""
        }
        var name = design.id
        if design.id == d.referenceDesign {
          name += d.kernelDesign == design.id ? " (this kernel)" : " (as built)"
        }
        return [
          HTMLPage.Cell(name), size("klp_func"), size("klp_object"), .number(design.permanentBytes),
          .number(design.transientBytes),
          .number(design.peakBytes), delta(\.permanentBytes), delta(\.transientBytes),
          delta(\.peakBytes),
        ]
      }, sortable: true)
    if !d.nops.isEmpty {
      page.heading("No-ops (\(d.nopCount) funcs, \(d.dynamicObjectCount) dynamic objects)")
      page.table(
        ["object", "func", "sympos"],
        d.nops.map { nop in
          let dynamic = d.dynamicObjects.contains { $0.name == nop.object } ? " (dynamic)" : ""
          return [
            .html(HTMLPage.code(nop.object ?? "vmlinux") + HTMLPage.text(dynamic)),
            .html(HTMLPage.code(nop.func)), .number(nop.sympos),
          ]
        }, sortable: true)
    } else if d.nopCount > 0 || d.dynamicObjectCount > 0 {
      page.paragraph(
        "No-ops: \(d.nopCount) funcs, \(d.dynamicObjectCount) dynamic objects (a hypothetical count)."
      )
    }
    for design in d.designs where !design.steps.isEmpty || !design.notes.isEmpty {
      page.heading("Design \(design.id)", level: 3)
      var items = design.steps.map {
        "\($0.text): \($0.type.spelling) \($0.sizeBefore) → \($0.sizeAfter)"
      }
      items += design.allocations.map {
        "\($0.count) × \($0.purpose) \($0.what) \($0.requested) → \($0.cache): \($0.totalBytes) bytes, \($0.lifetime.rawValue)"
      }
      items += design.notes
      if let same = design.sameAs { items.append("the same bytes as \(same)") }
      page.raw("<ul>" + items.map { "<li>" + HTMLPage.text($0) + "</li>" }.joined() + "</ul>")
    }
    if !d.notPriced.isEmpty {
      page.heading("Not priced")
      page.raw(
        "<ul>"
          + d.notPriced.map { "<li>" + HTMLPage.text("\($0.item): \($0.reason)") + "</li>" }
          .joined() + "</ul>")
    }
    if !d.notes.isEmpty {
      page.heading("Notes")
      page.raw("<ul>" + d.notes.map { "<li>" + HTMLPage.text($0) + "</li>" }.joined() + "</ul>")
    }
    if !d.layouts.isEmpty {
      page.heading("Edited layouts")
      for edited in d.layouts {
        page.heading(
          "Design \(edited.design): \(edited.layout.kind.rawValue) \(edited.layout.name ?? "(anonymous)")",
          level: 3)
        page.layouts(
          [LayoutPicture(edited.layout, table: edited.table).marking(["kobj": kobjectMark])],
          cachelineSize: edited.layout.cachelineSize,
          title: "Design \(edited.design): \(edited.type.kind) \(edited.type.name)")
      }
    }
    return page.html
  }
}
