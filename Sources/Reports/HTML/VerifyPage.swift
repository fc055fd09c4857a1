import ReportSchema
import Verify

extension HTMLReport {
  /// `verify`: the verdict, what was checked against, then per module a sortable table
  /// of every finding.
  static func verify(_ d: VerifyDocument) -> String {
    var page = HTMLPage(title: "Livepatch verify: \(d.target.file)")
    let failed = d.modules.filter { $0.verdict == .fail }.count
    page.verdict(
      d.verdict == .ok
        ? "Every module passes on \(d.target.release ?? d.target.file) (unknown checks fail nothing)."
        : "\(failed) of \(d.modules.count) module\(d.modules.count == 1 ? "" : "s") would not load or patch as meant.",
      passed: d.verdict == .ok)
    for line in VerifyRenderer(markdown: false).context(d) { page.paragraph(line) }
    for (index, module) in d.modules.enumerated() {
      page.heading(
        "\(module.verdict == .ok ? "ok" : "fail"): \(module.file)"
          + (module.name.map { " (\($0))" } ?? ""), level: 2, id: "m\(index)")
      page.paragraph(VerifyRenderer(markdown: false).summary(module))
      page.table(
        ["status", "check", "object", "subject", "reason"],
        module.findings.map { f in
          [
            status(f.status), HTMLPage.Cell(f.check.rawValue), name(f.object ?? "-"),
            name(VerifyRenderer.subject(f)), HTMLPage.Cell(f.reason),
          ]
        }, sortable: true)
    }
    return page.html
  }

  /// A failure in bold, so it stands out among the passes.
  private static func status(_ status: VerifyFinding.Status) -> HTMLPage.Cell {
    guard status == .fail else { return HTMLPage.Cell(status.rawValue) }
    return .markup { $0.element("strong", text: status.rawValue) }
  }

  /// A symbol or object name in monospace that wraps only where a word may: `<code>`
  /// breaks anywhere, which lets the browser squeeze these columns to a few letters
  /// beside a long reason.
  private static func name(_ text: String) -> HTMLPage.Cell {
    .markup { $0.element("samp", text: text) }
  }
}
