/// `check` reports: text, a Markdown PR comment, or GitHub workflow annotations.
public enum CheckRenderer {
  public static func text(_ d: CheckDocument) -> String {
    var out: [String] = []
    out.append(d.passed ? "PASS: \(d.checked) types within budget of \(d.baseline)" : "FAIL: \(d.violations.count) over budget of \(d.baseline)")
    for v in d.violations {
      out.append("  \(v.name): \(v.oldSize) → \(v.newSize) bytes (\(signed(v))), limit \(v.limit)")
      for m in v.members { out.append("    \(m)") }
    }
    for w in d.warnings { out.append("  warning: \(w)") }
    if SourceLine.applies(d.typeSource) { out.append(SourceLine.btf) }
    return out.joined(separator: "\n") + "\n"
  }

  /// A comment for a pull request: a verdict line, a table, then the causes.
  public static func markdown(_ d: CheckDocument) -> String {
    var out: [String] = []
    out.append(d.passed ? "### ✅ klp-layout: \(d.checked) types within budget" : "### ❌ klp-layout: \(d.violations.count) types over budget")
    out.append("")
    out.append("`\(d.file)` against `\(d.baseline)`")
    if SourceLine.applies(d.typeSource) { out.append(SourceLine.btf) }
    if !d.violations.isEmpty {
      out.append("")
      out += MarkdownTable(
        header: ["Type", "Baseline", "Now", "Δ", "Limit"],
        rows: d.violations.map { ["`\($0.name)`", "\($0.oldSize)", "\($0.newSize)", signed($0), "\($0.limit)"] }
      ).lines
      for v in d.violations where !v.members.isEmpty {
        out.append("")
        out.append("<details><summary><code>\(v.name)</code>: what changed</summary>")
        out.append("")
        for m in v.members { out.append("- `\(m)`") }
        out.append("</details>")
      }
    }
    for w in d.warnings { out.append("") ; out.append("> ⚠️ \(w)") }
    return out.joined(separator: "\n") + "\n"
  }

  /// `::error` per violation and `::warning` per warning, which GitHub Actions shows
  /// on the run and the pull request.
  public static func github(_ d: CheckDocument) -> String {
    var out: [String] = []
    for v in d.violations {
      let cause = v.members.isEmpty ? "" : " (" + v.members.joined(separator: "; ") + ")"
      out.append("::error file=\(property(d.file)),title=\(property(v.name + " over budget"))::\(data("\(v.name) is \(v.newSize) bytes, was \(v.oldSize), limit \(v.limit)\(cause)"))")
    }
    for w in d.warnings { out.append("::warning file=\(property(d.file))::\(data(w))") }
    if out.isEmpty { out.append("::notice::klp-layout: \(d.checked) types within budget") }
    return out.joined(separator: "\n") + "\n"
  }

  /// Workflow command messages need `%`, CR and LF escaped.
  static func data(_ s: String) -> String {
    s.replacingOccurrences("%", "%25").replacingOccurrences("\r", "%0D").replacingOccurrences("\n", "%0A")
  }

  /// Property values also need `:` and `,` escaped.
  static func property(_ s: String) -> String {
    data(s).replacingOccurrences(":", "%3A").replacingOccurrences(",", "%2C")
  }

  private static func signed(_ v: CheckDocument.Violation) -> String {
    v.newSize >= v.oldSize ? "+\(v.newSize - v.oldSize)" : "-\(v.oldSize - v.newSize)"
  }
}

extension String {
  fileprivate func replacingOccurrences(_ target: String, _ replacement: String) -> String {
    split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
  }
}
