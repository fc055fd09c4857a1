import ReportSchema

/// The what-if designs as horizontal bars at one scale: permanent bytes solid,
/// transient bytes hatched, the replaced modules' bytes (held until the transition
/// ends) dotted; their sum is the peak. The kernel's own design is outlined and named.
struct DesignChart {
  var document: WhatIfDocument
  var idPrefix: String

  static let labelWidth = 230.0
  static let barWidth = 560.0
  static let rowHeight = 34.0

  var svg: String {
    let d = document
    let replaced = d.replacedStaticBytes &+ d.replacedHeapBytes
    let maxPeak = max(d.designs.map(\.peakBytes).max() ?? 1, 1)
    let scale = Self.barWidth / Double(maxPeak)
    let width = Self.labelWidth + Self.barWidth + 330
    let height = 40 + Double(d.designs.count) * Self.rowHeight + 34
    var out = Markup()
    out.add(
      Markup.tag(
        "svg",
        [
          ("class", "klp-layout chart"), ("width", svgNumber(width)), ("height", svgNumber(height)),
          ("viewBox", "0 0 \(svgNumber(width)) \(svgNumber(height))"), ("role", "img"),
          ("aria-labelledby", "\(idPrefix)-title \(idPrefix)-desc"),
          ("font-family", "ui-monospace, Menlo, Consolas, monospace"),
        ]))
    out.add("<title id=\"\(idPrefix)-title\">Designs: permanent, transient and peak bytes</title>")
    let described = d.designs.map {
      "\($0.id): \($0.permanentBytes) permanent, \($0.transientBytes) transient, peak \($0.peakBytes)"
    }
    out.add("<desc id=\"\(idPrefix)-desc\">\(Escape.xml(described.joined(separator: "; ")))</desc>")
    out.add(
      "<defs><pattern id=\"\(idPrefix)-transient\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
        + "<rect class=\"hatch-bg\" width=\"6\" height=\"6\"/><line class=\"hatch-transient\" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\"/></pattern>"
        + "<pattern id=\"\(idPrefix)-replaced\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\">"
        + "<rect class=\"hatch-bg\" width=\"5\" height=\"5\"/><circle class=\"dot-replaced\" cx=\"2.5\" cy=\"2.5\" r=\"1.2\"/></pattern></defs>"
    )
    out.add(
      "<rect class=\"bg\" x=\"0\" y=\"0\" width=\"\(svgNumber(width))\" height=\"\(svgNumber(height))\"/>"
    )
    out.add(
      "<text class=\"muted\" x=\"\(svgNumber(Self.labelWidth))\" y=\"18\">bytes, one scale for all designs (longest bar: peak \(maxPeak))</text>"
    )
    for (i, design) in d.designs.enumerated() {
      let y = 32 + Double(i) * Self.rowHeight
      let isKernel = design.id == d.kernelDesign
      let isReference = design.id == d.referenceDesign
      var label = design.id
      if isReference { label += isKernel ? " ★ this kernel" : " (as built)" }
      out.add(
        Markup.tag(
          "g",
          [
            ("class", "design" + (isKernel ? " kernel" : "")), ("data-design", design.id),
            ("data-permanent", "\(design.permanentBytes)"),
            ("data-transient", "\(design.transientBytes)"), ("data-peak", "\(design.peakBytes)"),
          ]))
      out.add(
        "<title>\(Escape.xml("\(design.id): permanent \(design.permanentBytes), transient \(design.transientBytes), replaced \(replaced), peak \(design.peakBytes)"))</title>"
      )
      out.add(
        "<text class=\"design-label\(isReference ? " strong" : "")\" x=\"\(svgNumber(Self.labelWidth - 10))\" y=\"\(svgNumber(y + 17))\">\(Escape.xml(label))</text>"
      )
      var x = Self.labelWidth
      for (cls, bytes, fill) in [
        ("permanent", design.permanentBytes, ""),
        ("transient", design.transientBytes, "url(#\(idPrefix)-transient)"),
        ("replaced", replaced, "url(#\(idPrefix)-replaced)"),
      ] where bytes > 0 {
        let w = Double(bytes) * scale
        out.add(
          "<rect class=\"bar \(cls)\" x=\"\(svgNumber(x))\" y=\"\(svgNumber(y + 4))\" width=\"\(svgNumber(w))\" height=\"20\""
            + (fill.isEmpty ? "" : " fill=\"\(fill)\"") + "/>")
        x += w
      }
      if isKernel {
        out.add(
          "<rect class=\"kernel-outline\" x=\"\(svgNumber(Self.labelWidth - 3))\" y=\"\(svgNumber(y + 1))\" width=\"\(svgNumber(x - Self.labelWidth + 6))\" height=\"26\"/>"
        )
      }
      var numbers = "\(design.permanentBytes) + \(design.transientBytes)"
      if replaced > 0 { numbers += " + \(replaced)" }
      numbers += " = \(design.peakBytes)"
      if let delta = design.delta { numbers += "  (Δ peak \(signed(delta.peakBytes)))" }
      out.add(
        "<text class=\"bar-value\" x=\"\(svgNumber(x + 8))\" y=\"\(svgNumber(y + 18))\">\(Escape.xml(numbers))</text>"
      )
      out.add("</g>")
    }
    let legendY = 40 + Double(d.designs.count) * Self.rowHeight
    var legend = "<g class=\"legend\">"
    var lx = Self.labelWidth
    for (cls, text, fill) in [
      ("permanent", "permanent (while loaded)", ""),
      ("transient", "transient (during the transition)", "url(#\(idPrefix)-transient)"),
      ("replaced", "replaced modules", "url(#\(idPrefix)-replaced)"),
    ] {
      legend +=
        "<rect class=\"bar \(cls)\" x=\"\(svgNumber(lx))\" y=\"\(svgNumber(legendY))\" width=\"18\" height=\"14\""
        + (fill.isEmpty ? "" : " fill=\"\(fill)\"") + "/>"
      legend +=
        "<text class=\"legend-label\" x=\"\(svgNumber(lx + 24))\" y=\"\(svgNumber(legendY + 11))\">\(text)</text>"
      lx += 24 + Double(text.count) * 7 + 20
    }
    out.add(legend + "</g>")
    out.add("</svg>")
    return out.text
  }

  static let css = """
    svg.chart .design-label { text-anchor: end; font-size: 12px; }
    svg.chart .design-label.strong { font-weight: 700; }
    svg.chart .bar { stroke: var(--stroke); stroke-width: 1; }
    svg.chart .bar.permanent { fill: var(--moved); }
    svg.chart .hatch-transient { stroke: var(--pad); stroke-width: 2; }
    svg.chart .dot-replaced { fill: var(--muted); }
    svg.chart .kernel-outline { fill: none; stroke: var(--fg); stroke-width: 2; stroke-dasharray: 5 3; }
    svg.chart .bar-value { font-size: 12px; }

    """
}
