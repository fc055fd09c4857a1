import ReportSchema
import Safety

/// `safety --format github`: workflow commands for GitHub Actions.
extension SafetyRenderer {
  /// `::error` per unsafe change and `::warning` per warning, on the line of the source
  /// that declares the entity (so it lands on the pull request's diff), or on the object
  /// when DWARF names no source; one `::error` per entry that could not be read.
  static func github(_ d: SafetyDocument) -> String {
    var out: [String] = []
    for c in d.changes {
      let level = c.severity == .unsafe ? "error" : "warning"
      var properties: [String] = []
      if let source = c.source {
        properties.append("file=" + CheckRenderer.property(source.file))
        if let line = source.line { properties.append("line=\(line)") }
      } else if let file = c.file {
        properties.append("file=" + CheckRenderer.property(file))
      }
      properties.append("title=" + CheckRenderer.property("klp-layout safety: " + title(c)))
      let message = c.reason + " Remedy: " + c.remedy + " (in " + objects(c) + ")"
      out.append("::\(level) \(properties.joined(separator: ","))::\(CheckRenderer.data(message))")
    }
    for line in unreadLines(d) {
      out.append(
        "::error title=\(CheckRenderer.property("klp-layout safety: not compared"))::\(CheckRenderer.data(line))"
      )
    }
    if out.isEmpty || d.verdict != .unsafe {
      let level = d.verdict == .safe ? "notice" : "error"
      out.append("::\(level)::\(CheckRenderer.data(headline(d) + " " + summary(d)))")
    }
    return out.joined(separator: "\n") + "\n"
  }
}
