import LayoutModel
import WhatIf

/// `whatif` as text or Markdown: the designs side by side, then how each got its sizes,
/// then the layouts the designs produce, in pahole's vocabulary.
public struct WhatIfRenderer {
  public var markdown: Bool

  public init(markdown: Bool) { self.markdown = markdown }

  public func render(_ doc: WhatIfDocument, costs: [DesignCost]) -> String {
    var out: [String] = []
    out.append(heading("\(doc.file): \(doc.machine), \(doc.nops) no-op funcs, \(doc.dynamicObjects) dynamic objects"))
    out.append("")
    let rows = doc.designs.map { d -> [String] in
      let unit = d.allocations.first.map { "\($0.what) \($0.requested) → \($0.cache)" } ?? "-"
      return [
        d.id, d.sizes["klp_func"].map(String.init) ?? "-", d.sizes["klp_object"].map(String.init) ?? "-",
        unit, "\(d.staticBytes)", "\(d.dynamicBytes)", "\(d.totalBytes)", signed(d.deltaVsBase),
      ]
    }
    let header = ["design", "klp_func", "klp_object", "allocation unit", "static", "dynamic", "total", "vs base"]
    out += markdown ? MarkdownTable(header: header, rows: rows).lines : Table(header: header, rows: rows).lines
    out.append("")
    // Every design starts from the base edits; after the base, show only what differs.
    let baseSteps = doc.designs.first { $0.id == DesignID.base.rawValue }?.steps ?? []
    for d in doc.designs {
      let own = d.id == DesignID.base.rawValue || !d.steps.starts(with: baseSteps) ? d.steps : Array(d.steps.dropFirst(baseSteps.count))
      guard !own.isEmpty || !d.notes.isEmpty || !d.allocations.isEmpty else { continue }
      out.append(markdown ? "**\(d.id)**" : "\(d.id):")
      for step in own { out.append("  - \(step.text): struct \(step.structName) \(step.sizeBefore) → \(step.sizeAfter)") }
      for a in d.allocations { out.append("  - \(a.count) × kmalloc(\(a.requested)) for \(a.what) from \(a.cache): \(a.totalBytes) bytes") }
      for note in d.notes { out.append("  - \(note)") }
    }
    out.append("")
    out += layouts(costs)
    return out.joined(separator: "\n") + "\n"
  }

  /// Each distinct edited layout once, in design order.
  func layouts(_ costs: [DesignCost]) -> [String] {
    var seen = Set<String>()
    var out: [String] = []
    for cost in costs {
      for step in cost.steps {
        guard let layout = cost.result.layout(of: step.structName) else { continue }
        let text = LayoutTextRenderer(table: cost.result.table).render(layout)
        guard seen.insert(text).inserted else { continue }
        out.append(markdown ? "```\n/* \(cost.id.rawValue) */\n" + text + "```" : "/* \(cost.id.rawValue) */\n" + text)
      }
    }
    return out
  }

  private func heading(_ s: String) -> String { markdown ? "### " + s : s }
  private func signed(_ v: Int64) -> String { v > 0 ? "+\(v)" : "\(v)" }
}
