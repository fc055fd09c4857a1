import ReportSchema

extension HTMLReport {
  /// `whatif`: the headline, the designs as bars (permanent, transient, the replaced
  /// modules' bytes), the table, then the edited layouts drawn.
  static func whatIf(_ d: WhatIfDocument) -> String {
    var page = HTMLPage(title: "What if: \(Escape.path(d.file, bytes: d.pathBytes))")
    page.paragraph(
      d.machine
        + (d.replaces.isEmpty
          ? "" : (d.replace ? ", replacing " : ", on top of ") + d.replaces.joined(separator: ", "))
        + (d.debugFile.map { "; DWARF from \($0)" } ?? "") + ".", cssClass: "muted")
    page.verdict(d.headline, passed: nil)
    page.heading("Designs")
    let chart = DesignChart(document: d, idPrefix: page.nextPictureID())
    page.figure { chart.draw(into: &$0) }
    page.table(
      [
        "design", "klp_func", "klp_object", "permanent", WhatIfWords.transientHeader(d), "peak",
        "Δ permanent", "Δ transient", "Δ peak",
      ],
      d.designs.map { designRow($0, of: d) }, sortable: true)
    if !d.replaces.isEmpty { page.paragraph(WhatIfWords.replacedLine(d)) }
    noOps(d, into: &page)
    for design in d.designs where !design.steps.isEmpty || !design.notes.isEmpty {
      page.heading("Design \(design.id)", level: 3)
      page.list(details(design, of: d))
    }
    if !d.notPriced.isEmpty {
      page.heading("Not priced")
      page.list(d.notPriced.map { "\($0.item): \($0.reason)" })
    }
    let notes = d.notes.filter { !d.headline.contains($0) }
    if !notes.isEmpty {
      page.heading("Notes")
      page.list(notes)
    }
    editedLayouts(d, into: &page)
    return page.html
  }

  /// A design's row: the klp types' sizes, its bytes, and its deltas to the reference.
  private static func designRow(
    _ design: WhatIfDocument.Design, of d: WhatIfDocument
  )
    -> [HTMLPage.Cell]
  {
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
      .number(design.transientBytes), .number(design.peakBytes), delta(\.permanentBytes),
      delta(\.transientBytes), delta(\.peakBytes),
    ]
  }

  /// The no-ops by name, or their count when they are hypothetical.
  private static func noOps(_ d: WhatIfDocument, into page: inout HTMLPage) {
    if !d.nops.isEmpty {
      page.heading("No-ops (\(d.nopCount) funcs, \(d.dynamicObjectCount) dynamic objects)")
      page.table(
        ["object", "func", "sympos"],
        d.nops.map { nop in
          let dynamic = d.dynamicObjects.contains { $0.name == nop.object } ? " (dynamic)" : ""
          return [
            .markup {
              $0.element("code", text: nop.object ?? "vmlinux")
              $0.text(dynamic)
            },
            .code(nop.func), .number(nop.sympos),
          ]
        }, sortable: true)
    } else if d.nopCount > 0 || d.dynamicObjectCount > 0 {
      page.paragraph(
        "No-ops: \(d.nopCount) funcs, \(d.dynamicObjectCount) dynamic objects (a hypothetical count)."
      )
    }
  }

  /// A design's own steps (what it changes of base, or base of the module as built),
  /// allocations and notes, one item each.
  private static func details(_ design: WhatIfDocument.Design, of d: WhatIfDocument) -> [String] {
    var items = WhatIfWords.ownSteps(design, in: d).map {
      WhatIfWords.step($0, arrow: "→", text: { $0 }, name: { $0 })
    }
    items += design.allocations.map {
      "\($0.count) × \($0.purpose) \($0.what) \($0.requested) → \($0.cache): \($0.totalBytes) bytes, \($0.lifetime.rawValue)"
    }
    items += design.notes
    if let same = design.sameAs { items.append("the same bytes as \(same)") }
    return items
  }

  /// Each edited layout drawn, the kobject marked.
  private static func editedLayouts(_ d: WhatIfDocument, into page: inout HTMLPage) {
    guard !d.layouts.isEmpty else { return }
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
}
