import ReportSchema
import Safety

/// `safety --format markdown`: a pull request comment, a table per change.
extension SafetyRenderer {
  static func markdown(_ d: SafetyDocument) -> String {
    let icon = d.verdict == .safe ? "✅" : d.verdict == .unsafe ? "❌" : "⚠️"
    var out = ["### \(icon) klp-layout safety: \(d.verdict.rawValue)", "", summary(d)]
    let listed =
      d.files.onlyInOld.map { "- only in ORIG: \(Escape.code($0))" }
      + d.files.onlyInNew.map { "- only in PATCHED: \(Escape.code($0))" }
      + unreadLines(d).map { "- " + Escape.markdown($0) }
    if !listed.isEmpty { out += [""] + listed }
    for c in d.changes {
      let icon = c.severity == .unsafe ? "❌" : "⚠️"
      let at = c.source.map { " at \(Escape.code(location($0), inTable: false))" } ?? ""
      let objects = objects(c)
      out += [
        "",
        "#### \(icon) \(c.severity.rawValue): \(Escape.code(title(c), inTable: false))\(at) in \(Escape.code(objects, inTable: false))",
        "", Escape.markdown(c.reason), "", "| \(label(c)) | old | new |", "| --- | --- | --- |",
      ]
      for row in rows(c) { out.append("| " + row.map(cell).joined(separator: " | ") + " |") }
      out += ["", "**Remedy:** " + Escape.markdown(c.remedy)]
    }
    return out.joined(separator: "\n") + "\n"
  }

  /// Markdown cells: code spans (escaped whatever they hold), `—` for nothing.
  private static func cell(_ s: String) -> String { s == "-" ? "—" : Escape.code(s) }
}
