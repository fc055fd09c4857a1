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
    var out = Markup()
    draw(into: &out)
    return out.string
  }

  /// Whatever the designs' bytes, the bars share one scale: the longest is the largest peak.
  private var maxPeak: UInt64 { max(document.designs.map(\.peakBytes).max() ?? 1, 1) }
  /// Bytes the replaced modules hold until the transition ends, in every design's peak.
  private var replaced: UInt64 { document.replacedStaticBytes &+ document.replacedHeapBytes }
  private var width: Double { Self.labelWidth + Self.barWidth + 330 }
  private var height: Double { 40 + Double(document.designs.count) * Self.rowHeight + 34 }

  func draw(into out: inout Markup) {
    out.line { $0.open("svg", rootAttributes) }
    out.line {
      $0.element(
        "title", ["id": idPrefix + "-title"], text: "Designs: permanent, transient and peak bytes")
    }
    let described = document.designs.map {
      "\($0.id): \($0.permanentBytes) permanent, \($0.transientBytes) transient, peak \($0.peakBytes)"
    }
    out.line {
      $0.element("desc", ["id": idPrefix + "-desc"], text: described.joined(separator: "; "))
    }
    out.line(definitions)
    out.line { $0.empty("rect", background(width: width, height: height)) }
    out.line {
      $0.element(
        "text", ["class": "muted", "x": svgNumber(Self.labelWidth), "y": "18"],
        text: "bytes, one scale for all designs (longest bar: peak \(maxPeak))")
    }
    for (i, design) in document.designs.enumerated() {
      draw(design, top: 32 + Double(i) * Self.rowHeight, into: &out)
    }
    legend(into: &out)
    out.line { $0.close("svg") }
  }

  private var rootAttributes: Markup.Attributes {
    [
      "class": "klp-layout chart", "width": svgNumber(width), "height": svgNumber(height),
      "viewBox": "0 0 \(svgNumber(width)) \(svgNumber(height))", "role": "img",
      "aria-labelledby": "\(idPrefix)-title \(idPrefix)-desc",
      "font-family": "ui-monospace, Menlo, Consolas, monospace",
    ]
  }

  /// The hatch of transient bytes and the dots of the replaced modules' bytes.
  private func definitions(_ out: inout Markup) {
    out.element("defs") {
      $0.element(
        "pattern",
        [
          "id": idPrefix + "-transient", "width": "6", "height": "6",
          "patternUnits": "userSpaceOnUse", "patternTransform": "rotate(45)",
        ]
      ) {
        $0.empty("rect", ["class": "hatch-bg", "width": "6", "height": "6"])
        $0.empty(
          "line", ["class": "hatch-transient", "x1": "0", "y1": "0", "x2": "0", "y2": "6"])
      }
      $0.element(
        "pattern",
        [
          "id": idPrefix + "-replaced", "width": "5", "height": "5",
          "patternUnits": "userSpaceOnUse",
        ]
      ) {
        $0.empty("rect", ["class": "hatch-bg", "width": "5", "height": "5"])
        $0.empty("circle", ["class": "dot-replaced", "cx": "2.5", "cy": "2.5", "r": "1.2"])
      }
    }
  }

  /// One design's row: its name, its bars, the kernel's own outlined, and the sum.
  private func draw(_ design: WhatIfDocument.Design, top y: Double, into out: inout Markup) {
    let isKernel = design.id == document.kernelDesign
    out.line {
      $0.open(
        "g",
        [
          "class": "design" + (isKernel ? " kernel" : ""), "data-design": design.id,
          "data-permanent": "\(design.permanentBytes)",
          "data-transient": "\(design.transientBytes)", "data-peak": "\(design.peakBytes)",
        ])
    }
    out.line {
      $0.element(
        "title",
        text:
          "\(design.id): permanent \(design.permanentBytes), transient \(design.transientBytes), replaced \(replaced), peak \(design.peakBytes)"
      )
    }
    label(design, top: y, into: &out)
    let end = bars(design, top: y, into: &out)
    if isKernel { outline(top: y, end: end, into: &out) }
    out.line {
      $0.element(
        "text", ["class": "bar-value", "x": svgNumber(end + 8), "y": svgNumber(y + 18)],
        text: numbers(design))
    }
    out.line { $0.close("g") }
  }

  /// The design's name at the left; the reference design's says what it is.
  private func label(_ design: WhatIfDocument.Design, top y: Double, into out: inout Markup) {
    let isReference = design.id == document.referenceDesign
    var label = design.id
    if isReference {
      label += design.id == document.kernelDesign ? " ★ this kernel" : " (as built)"
    }
    out.line {
      $0.element(
        "text",
        [
          "class": "design-label" + (isReference ? " strong" : ""),
          "x": svgNumber(Self.labelWidth - 10), "y": svgNumber(y + 17),
        ], text: label)
    }
  }

  /// The permanent, transient and replaced bars end to end; where they end.
  private func bars(
    _ design: WhatIfDocument.Design, top y: Double, into out: inout Markup
  )
    -> Double
  {
    let scale = Self.barWidth / Double(maxPeak)
    var x = Self.labelWidth
    for (cls, bytes) in [
      ("permanent", design.permanentBytes), ("transient", design.transientBytes),
      ("replaced", replaced),
    ] where bytes > 0 {
      let w = Double(bytes) * scale
      out.line {
        $0.empty(
          "rect",
          [
            "class": "bar " + cls, "x": svgNumber(x), "y": svgNumber(y + 4), "width": svgNumber(w),
            "height": "20", "fill": fill(cls),
          ])
      }
      x += w
    }
    return x
  }

  /// The pattern a bar of `cls` is filled with (permanent: its plain colour).
  private func fill(_ cls: String) -> String? {
    cls == "permanent" ? nil : "url(#\(idPrefix)-\(cls))"
  }

  private func outline(top y: Double, end: Double, into out: inout Markup) {
    out.line {
      $0.empty(
        "rect",
        [
          "class": "kernel-outline", "x": svgNumber(Self.labelWidth - 3), "y": svgNumber(y + 1),
          "width": svgNumber(end - Self.labelWidth + 6), "height": "26",
        ])
    }
  }

  /// `permanent + transient [+ replaced] = peak  (Δ peak +n)`.
  private func numbers(_ design: WhatIfDocument.Design) -> String {
    var numbers = "\(design.permanentBytes) + \(design.transientBytes)"
    if replaced > 0 { numbers += " + \(replaced)" }
    numbers += " = \(design.peakBytes)"
    if let delta = design.delta { numbers += "  (Δ peak \(signed(delta.peakBytes)))" }
    return numbers
  }

  /// What the solid, hatched and dotted bars mean.
  private func legend(into out: inout Markup) {
    let y = 40 + Double(document.designs.count) * Self.rowHeight
    var x = Self.labelWidth
    out.line {
      $0.element("g", ["class": "legend"]) { out in
        for (cls, text) in [
          ("permanent", "permanent (while loaded)"),
          ("transient", "transient (during the transition)"), ("replaced", "replaced modules"),
        ] {
          out.empty(
            "rect",
            [
              "class": "bar " + cls, "x": svgNumber(x), "y": svgNumber(y), "width": "18",
              "height": "14", "fill": fill(cls),
            ])
          out.element(
            "text", ["class": "legend-label", "x": svgNumber(x + 24), "y": svgNumber(y + 11)],
            text: text)
          x += 24 + Double(text.count) * 7 + 20
        }
      }
    }
  }

  static let css: StaticString = """
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
