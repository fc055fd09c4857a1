import ReportSchema
import WhatIf

/// What `whatif` says about a design the same way in every format.
enum WhatIfWords {
  /// The design's own steps: `base`'s own (from the module as built), or for any other
  /// design what it adds to `base` (every design is priced as base plus its changes, so
  /// the kernel's own design would otherwise read "remove klp_func.node … add
  /// klp_func.node").
  static func ownSteps(
    _ d: WhatIfDocument.Design, in doc: WhatIfDocument
  ) -> [WhatIfDocument.Step] {
    let baseSteps = doc.designs.first { $0.id == DesignID.base.rawValue }?.steps ?? []
    guard d.id != DesignID.base.rawValue, d.steps.starts(with: baseSteps) else { return d.steps }
    return Array(d.steps.dropFirst(baseSteps.count))
  }

  /// "add klp_func.node after kobj: struct klp_func 136 → 152"; a struct a step
  /// creates is "new: 152".
  static func step(
    _ s: WhatIfDocument.Step, arrow: String, text: (String) -> String, name: (String) -> String
  ) -> String {
    let sizes =
      s.sizeBefore == 0 ? "new: \(s.sizeAfter)" : "\(s.sizeBefore) \(arrow) \(s.sizeAfter)"
    return "\(text(s.text)): \(name(s.type.spelling)) " + sizes
  }

  /// The column of transient bytes, said to be hypothetical when the count is.
  static func transientHeader(_ doc: WhatIfDocument) -> String {
    doc.hypothetical ? "transient (hypothetical)" : "transient"
  }

  /// What the modules named by `--replaces` hold, and for how long: until the
  /// transition ends when they are replaced, for good when the new patch only stacks.
  static func replacedLine(_ doc: WhatIfDocument) -> String {
    let bytes =
      "\(doc.replacedStaticBytes) static bytes"
      + (doc.replacedHeapBytes > 0 ? " + \(doc.replacedHeapBytes) heap bytes" : "")
    return doc.replace
      ? "replaced modules until the transition ends: \(bytes) (in every peak)"
      : "modules that stay loaded beneath it: \(bytes) (in every peak)"
  }
}
