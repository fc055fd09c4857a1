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
            HTMLPage.Cell(f.status.rawValue), HTMLPage.Cell(f.check.rawValue),
            .code(f.object ?? "-"), .code(VerifyRenderer.subject(f)), HTMLPage.Cell(f.reason),
          ]
        }, sortable: true)
    }
    return page.html
  }
}
