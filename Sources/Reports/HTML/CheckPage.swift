import LayoutModel
import ReportSchema

extension HTMLReport {
  /// `check`: the verdict first, the violations, then each over-budget type as the
  /// baseline recorded it beside the build's layout.
  static func check(_ d: CheckDocument) -> String {
    var page = HTMLPage(title: "Size check: \(Escape.path(d.file, bytes: d.pathBytes))")
    page.verdict(
      d.passed
        ? "\(d.checked) type\(d.checked == 1 ? "" : "s") within budget of \(d.baseline)."
        : "\(d.violations.count) violation\(d.violations.count == 1 ? "" : "s") of \(d.baseline).",
      passed: d.passed)
    if !d.violations.isEmpty {
      page.table(
        ["type", "why", "baseline", "now", "delta", "limit"],
        d.violations.map { v in
          [
            .code(v.title),
            HTMLPage.Cell(v.reason == .missing ? "missing from the build" : "over budget"),
            .number(v.oldSize), v.newSize.map { .number($0) } ?? "-",
            v.newSize.map { .signedNumber(Int64(bitPattern: $0 &- v.oldSize)) } ?? "-",
            .number(v.limit),
          ]
        })
    }
    for (index, v) in d.violations.enumerated() {
      violation(v, index: index, of: d, into: &page)
    }
    if !d.allowedMissing.isEmpty {
      page.paragraph(
        "Missing, allowed by --allow-missing: "
          + d.allowedMissing.map(\.description).joined(separator: ", "))
    }
    return page.html
  }

  /// A violation with a baseline record: what changed, and the two layouts side by side.
  private static func violation(
    _ v: CheckDocument.Violation, index: Int, of d: CheckDocument, into page: inout HTMLPage
  ) {
    guard let record = v.baselineRecord else { return }
    page.heading(
      "\(v.title): \(v.oldSize) → \(v.newSize.map(String.init) ?? "missing") bytes (limit \(v.limit))",
      level: 3)
    if !v.members.isEmpty {
      page.list(v.members.map { CheckRenderer.member($0, TextStyle(unicode: true)) })
    }
    let old = LayoutPicture(record: record)
    let new = v.current.flatMap { layout in
      v.currentTable.map { LayoutPicture(layout, table: $0) }
    }
    let (left, right) = marked(
      old: old, new: new, changes: v.members, leftID: "c\(index)o", rightID: "c\(index)n")
    page.sideBySide(
      ("baseline: " + d.baseline, left.map { [$0] } ?? []),
      ("now: " + Escape.path(d.file, bytes: d.pathBytes), right.map { [$0] } ?? []),
      cachelineSize: v.current?.cachelineSize ?? 64, leftID: "c\(index)o", rightID: "c\(index)n")
  }
}
