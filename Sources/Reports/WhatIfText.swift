import LayoutModel
import WhatIf

/// `whatif` as text or Markdown: the headline, the no-ops, the designs side by side
/// (the kernel's own first, the others as deltas against it), how each got its
/// sizes and allocations, what is not priced, then the layouts the designs produce.
public struct WhatIfRenderer {
  public var markdown: Bool
  /// Show every no-op instead of collapsing a long list to a count.
  public var listAllNops: Bool
  /// No-ops shown before the list collapses: about a screenful.
  public static let nopsOnScreen = 20

  public init(markdown: Bool, listAllNops: Bool = false) {
    self.markdown = markdown
    self.listAllNops = listAllNops
  }

  public func render(_ doc: WhatIfDocument, costs: [DesignCost]) -> String {
    var out: [String] = []
    let target = doc.replaces.isEmpty ? "" : ", replacing " + doc.replaces.joined(separator: ", ")
    out.append(heading("\(doc.file): \(doc.machine)\(target)"))
    out.append("")
    out.append(doc.headline)
    out.append("")
    out += noOps(doc)
    out += table(doc)
    out.append("")
    out += details(doc)
    out += notPriced(doc)
    for note in doc.notes { out.append((markdown ? "> note: " : "note: ") + note) }
    if !doc.notes.isEmpty { out.append("") }
    out += layouts(costs)
    return out.joined(separator: "\n") + "\n"
  }

  /// The no-ops and dynamic objects, one line per object; collapsed beyond a screenful.
  func noOps(_ doc: WhatIfDocument) -> [String] {
    guard doc.nopCount > 0 || doc.dynamicObjectCount > 0 else { return [] }
    var out = ["no-ops: \(doc.nopCount) funcs, \(doc.dynamicObjectCount) dynamic objects"]
    if doc.nops.isEmpty {
      out.append("  (a hypothetical count: --replaces OLD.ko names them)")
    } else if doc.nops.count > Self.nopsOnScreen && !listAllNops {
      out.append("  (\(doc.nops.count) no-ops not listed: --list-nops shows them all)")
    } else {
      var rows: [[String]] = []
      for nop in doc.nops {
        let dynamic = doc.dynamicObjects.contains { $0.name == nop.object } ? " (dynamic)" : ""
        rows.append([(nop.object ?? "vmlinux") + dynamic, nop.func, "\(nop.sympos)"])
      }
      let header = ["object", "func", "sympos"]
      if markdown { out.append("") }
      out += (markdown ? MarkdownTable(header: header, rows: rows).lines : Table(header: header, rows: rows).lines.map { "  " + $0 })
    }
    let dynamic = doc.dynamicObjects.map { $0.name ?? "vmlinux" }
    if !dynamic.isEmpty { out.append("dynamic objects: " + dynamic.joined(separator: ", ")) }
    out.append("")
    return out
  }

  func table(_ doc: WhatIfDocument) -> [String] {
    let rows = doc.designs.map { d -> [String] in
      let size: (String) -> String = { name in d.sizes.first { $0.type.name == name }.map { "\($0.size)" } ?? "-" }
      let id = d.id == doc.referenceDesign ? d.id + (doc.kernelDesign == d.id ? " (this kernel)" : " (as built)") : d.id
      return [
        id, size("klp_func"), size("klp_object"), "\(d.permanentBytes)", "\(d.transientBytes)", "\(d.peakBytes)",
        d.delta.map { signed($0.permanentBytes) } ?? "", d.delta.map { signed($0.transientBytes) } ?? "",
        d.delta.map { signed($0.peakBytes) } ?? "",
      ]
    }
    let header = ["design", "klp_func", "klp_object", "permanent", "transient", "peak", "Δ permanent", "Δ transient", "Δ peak"]
    var out = markdown ? MarkdownTable(header: header, rows: rows).lines : Table(header: header, rows: rows).lines
    let replaced = "replaced modules until the transition ends: \(doc.replacedStaticBytes) static bytes"
      + (doc.replacedHeapBytes > 0 ? " + \(doc.replacedHeapBytes) heap bytes" : "") + " (in every peak)"
    if !doc.replaces.isEmpty { out += ["", replaced] }
    return out
  }

  /// Per design: its own steps (after the base ones), its allocations with their
  /// lifetimes, and its notes.
  func details(_ doc: WhatIfDocument) -> [String] {
    var out: [String] = []
    let baseSteps = doc.designs.first { $0.id == DesignID.base.rawValue }?.steps ?? []
    for d in doc.designs {
      let own = d.id == DesignID.base.rawValue || !d.steps.starts(with: baseSteps) ? d.steps : Array(d.steps.dropFirst(baseSteps.count))
      guard !own.isEmpty || !d.notes.isEmpty || !d.allocations.isEmpty else { continue }
      out.append(markdown ? "**\(d.id)**" : "\(d.id):")
      if let same = d.sameAs {
        out += d.notes.map { "  - \($0)" } + ["  - the same bytes as \(same)"]
        continue
      }
      out.append("  - static klp arrays: \(d.staticBytes) bytes, permanent")
      for step in own { out.append("  - \(step.text): \(step.type.spelling) \(step.sizeBefore) → \(step.sizeAfter)") }
      for a in d.allocations {
        out.append("  - \(a.count) × \(a.purpose) \(a.what) \(a.requested) → \(a.cache): \(a.totalBytes) bytes, \(a.lifetime.rawValue)")
      }
      for note in d.notes { out.append("  - \(note)") }
    }
    for a in doc.replacedAllocations {
      out.append("  - replaced: \(a.count) × \(a.purpose) \(a.what) \(a.requested) → \(a.cache): \(a.totalBytes) bytes")
    }
    out.append("")
    return out
  }

  func notPriced(_ doc: WhatIfDocument) -> [String] {
    guard !doc.notPriced.isEmpty else { return [] }
    return ["not priced:"] + doc.notPriced.map { "  - \($0.item): \($0.reason)" } + [""]
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
