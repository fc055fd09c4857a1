import LayoutModel
import ReportSchema
import WhatIf

/// `whatif` as text or Markdown: the answer first (the headline, then the designs side
/// by side, the kernel's own first and the others as deltas against it), then the
/// details: the no-ops, how each design got its sizes and allocations, what is not
/// priced, and the layouts the designs produce.
struct WhatIfRenderer: TextOrMarkdown {
  var markdown: Bool
  /// Show every no-op instead of collapsing a long list to a count.
  var listAllNops: Bool
  var style: TextStyle
  /// No-ops shown before the list collapses: about a screenful.
  static let nopsOnScreen = 20

  init(markdown: Bool, options: RenderOptions) {
    self.markdown = markdown
    self.listAllNops = options.listAllNops
    self.style = options.style(markdown: markdown)
  }

  func render(_ doc: WhatIfDocument) -> String {
    var out: [String] = []
    let target =
      doc.replaces.isEmpty
      ? ""
      : (doc.replace ? ", replacing " : ", on top of ")
        + doc.replaces.map(ident).joined(separator: ", ")
        + (doc.live.map { ", the patches loaded under root " + ident($0) } ?? "")
    if markdown {
      out += [
        "## What if: \(ident(Escape.path(doc.file, bytes: doc.pathBytes)))", "",
        "\(doc.machine)\(target).",
      ]
    } else {
      out.append(
        "\(Escape.text(Escape.path(doc.file, bytes: doc.pathBytes))): \(doc.machine)\(target)")
    }
    if let debug = doc.debugFile {
      out += markdown ? ["", "DWARF from \(ident(debug))."] : ["DWARF from \(Escape.text(debug))"]
    }
    // The answer first (the headline, the designs), then how each got its numbers.
    out += ["", cell(doc.headline)]
    out += section("Designs", table(doc))
    let notes = doc.notes.filter { !doc.headline.contains($0) }
    if !notes.isEmpty {
      out += section("Notes", notes.map { (markdown ? "- " : "note: ") + cell($0) })
    }
    let nops = noOps(doc)
    if !nops.isEmpty { out += [""] + nops.dropLast() }
    out += details(doc)
    out += notPriced(doc)
    out += layouts(doc)
    return out.joined(separator: "\n") + "\n"
  }

  /// The no-ops and dynamic objects, one line per no-op; collapsed beyond a screenful.
  func noOps(_ doc: WhatIfDocument) -> [String] {
    guard doc.nopCount > 0 || doc.dynamicObjectCount > 0 else { return [] }
    var out = markdown ? ["### No-ops", ""] : []
    out.append("no-ops: \(doc.nopCount) funcs, \(doc.dynamicObjectCount) dynamic objects")
    let indent = markdown ? "" : "  "
    if doc.nops.isEmpty {
      out +=
        (markdown ? [""] : []) + [indent + "(a hypothetical count: --replaces OLD.ko names them)"]
    } else if doc.nops.count > Self.nopsOnScreen && !listAllNops {
      out +=
        (markdown ? [""] : []) + [
          indent + "(\(doc.nops.count) no-ops not listed: --list-nops shows them all)"
        ]
    } else {
      let rows = doc.nops.map { nop -> [String] in
        let dynamic = doc.dynamicObjects.contains { $0.name == nop.object } ? " (dynamic)" : ""
        return [ident(nop.object ?? "vmlinux") + dynamic, ident(nop.func), "\(nop.sympos)"]
      }
      let header = ["object", "func", "sympos"]
      out +=
        markdown
        ? [""] + MarkdownTable(header: header, rows: rows).lines
        : Table(header: header, rows: rows).lines.map { indent + $0 }
    }
    let dynamic = doc.dynamicObjects.map { ident($0.name ?? "vmlinux") }
    if !dynamic.isEmpty {
      out += (markdown ? [""] : []) + ["dynamic objects: " + dynamic.joined(separator: ", ")]
    }
    out.append("")
    return out
  }

  func table(_ doc: WhatIfDocument) -> [String] {
    let rows = doc.designs.map { d -> [String] in
      let size: (String) -> String = { name in
        d.sizes.first { $0.type.name == name }.map { "\($0.size)" } ?? "-"
      }
      let id =
        d.id == doc.referenceDesign
        ? d.id + (doc.kernelDesign == d.id ? " (this kernel)" : " (as built)") : d.id
      return [
        id, size("klp_func"), size("klp_object"), "\(d.permanentBytes)", "\(d.transientBytes)",
        "\(d.peakBytes)",
        d.delta.map { signed($0.permanentBytes) } ?? "",
        d.delta.map { signed($0.transientBytes) } ?? "",
        d.delta.map { signed($0.peakBytes) } ?? "",
      ]
    }
    let header = [
      "design", "klp_func", "klp_object", "permanent", WhatIfWords.transientHeader(doc), "peak",
      "delta permanent", "delta transient", "delta peak",
    ]
    var out = self.table(header, rows)
    if !doc.replaces.isEmpty { out += ["", WhatIfWords.replacedLine(doc)] }
    return out
  }

  /// Per design: its own steps (after the reference's), its allocations with their
  /// lifetimes, and its notes.
  func details(_ doc: WhatIfDocument) -> [String] {
    var out: [String] = []
    let bullet = markdown ? "- " : "  - "
    for d in doc.designs {
      let own = WhatIfWords.ownSteps(d, in: doc)
      guard !own.isEmpty || !d.notes.isEmpty || !d.allocations.isEmpty else { continue }
      out.append("")
      out += markdown ? ["### Design \(ident(d.id))", ""] : ["\(d.id):"]
      if let same = d.sameAs {
        out += d.notes.map { bullet + cell($0) } + [bullet + "the same bytes as \(same)"]
        continue
      }
      out.append(bullet + "static klp arrays: \(d.staticBytes) bytes, permanent")
      for step in own {
        out.append(bullet + WhatIfWords.step(step, arrow: style.arrow, text: cell, name: ident))
      }
      for a in d.allocations { out.append(bullet + allocation(a) + ", \(a.lifetime.rawValue)") }
      for note in d.notes { out.append(bullet + cell(note)) }
    }
    if !doc.replacedAllocations.isEmpty {
      out += [""] + (markdown ? ["### Replaced modules", ""] : ["replaced:"])
      for a in doc.replacedAllocations { out.append(bullet + allocation(a)) }
    }
    return out
  }

  private func allocation(_ a: HeapAllocation) -> String {
    "\(a.count) \(style.times) \(cell(a.purpose)) \(cell(a.what)) \(a.requested) \(style.arrow) \(a.cache): \(a.totalBytes) bytes"
  }

  func notPriced(_ doc: WhatIfDocument) -> [String] {
    guard !doc.notPriced.isEmpty else { return [] }
    return section(
      "Not priced",
      (markdown ? [] : ["not priced:"])
        + doc.notPriced.map { (markdown ? "- " : "  - ") + cell("\($0.item): \($0.reason)") })
  }

  /// Each distinct edited layout once, in design order.
  func layouts(_ doc: WhatIfDocument) -> [String] {
    guard !doc.layouts.isEmpty else { return [] }
    var out = [""] + (markdown ? ["### Edited layouts", ""] : [])
    for edited in doc.layouts {
      let text = LayoutTextRenderer(table: edited.table).render(edited.layout)
      out.append(
        markdown
          ? Escape.codeBlock("/* \(edited.design) */\n" + text) + "\n"
          : "/* \(edited.design) */\n" + text)
    }
    return out
  }

}
