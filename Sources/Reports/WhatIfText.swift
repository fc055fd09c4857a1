import LayoutModel
import ReportSchema
import WhatIf

/// `whatif` as text or Markdown: the designs side by side, then how each got its sizes,
/// then the layouts the designs produce, in pahole's vocabulary.
public struct WhatIfRenderer {
  public var markdown: Bool
  public var style: TextStyle

  public init(markdown: Bool, style: TextStyle = .init(unicode: true)) {
    self.markdown = markdown
    self.style = markdown ? .init(unicode: true) : style
  }

  public func render(_ doc: WhatIfDocument) -> String {
    var out: [String] = []
    let title = "\(doc.machine), \(doc.nops) no-op funcs, \(doc.dynamicObjects) dynamic objects"
    if markdown {
      out += ["## What if: \(Escape.code(doc.file))", "", title + "."]
    } else {
      out.append("\(Escape.text(doc.file)): " + title)
    }
    if let debug = doc.debugFile { out.append(markdown ? "\nDWARF from \(Escape.code(debug))." : "DWARF from \(Escape.text(debug))") }
    out.append("")
    let rows = doc.designs.map { d -> [String] in
      let unit = d.allocations.first.map { "\($0.what) \($0.requested) \(style.arrow) \($0.cache)" } ?? "-"
      return [
        d.id, size(d, "klp_func"), size(d, "klp_object"), unit, "\(d.staticBytes)", "\(d.dynamicBytes)", "\(d.totalBytes)",
        signed(d.deltaVsBase),
      ]
    }
    let header = ["design", "klp_func", "klp_object", "allocation unit", "static", "dynamic", "total", "vs " + (doc.designs.first?.id ?? "base")]
    out += markdown ? MarkdownTable(header: header, rows: rows).lines : Table(header: header, rows: rows).lines
    // Every design starts from the first one's edits; after it, show only what differs.
    let baseSteps = doc.designs.first?.steps ?? []
    for (i, d) in doc.designs.enumerated() {
      let own = i == 0 || !d.steps.starts(with: baseSteps) ? d.steps : Array(d.steps.dropFirst(baseSteps.count))
      guard !own.isEmpty || !d.notes.isEmpty || !d.allocations.isEmpty else { continue }
      out.append("")
      out.append(markdown ? "### Design \(Escape.code(d.id))" : "\(d.id):")
      if markdown { out.append("") }
      let bullet = markdown ? "- " : "  - "
      for step in own {
        out.append(bullet + "\(cell(step.text)): \(step.type) \(step.sizeBefore) \(style.arrow) \(step.sizeAfter)")
      }
      for a in d.allocations {
        out.append(bullet + "\(a.count) \(style.times) kmalloc(\(a.requested)) for \(cell(a.what)) from \(a.cache): \(a.totalBytes) bytes")
      }
      for note in d.notes { out.append(bullet + cell(note)) }
    }
    if !doc.layouts.isEmpty {
      out.append("")
      if markdown { out += ["### Edited layouts", ""] }
      for edited in doc.layouts {
        let text = LayoutTextRenderer(table: edited.table).render(edited.layout)
        out.append(markdown ? "```c\n/* \(edited.design) */\n" + text + "```\n" : "/* \(edited.design) */\n" + text)
      }
    }
    return out.joined(separator: "\n") + "\n"
  }

  private func size(_ d: WhatIfDocument.Design, _ name: String) -> String {
    d.sizes.first { $0.name == name }.map { "\($0.size)" } ?? "-"
  }

  private func cell(_ s: String) -> String { markdown ? Escape.markdown(s) : Escape.text(s) }
}
