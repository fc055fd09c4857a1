import ReportSchema
import LayoutModel
import Safety

extension HTMLReport {
  /// `safety`: the verdict, every change in a sortable table, then each change with its
  /// reason and remedy, and the old and new places of the members it affects.
  static func safety(_ d: SafetyDocument) -> String {
    var page = HTMLPage(title: "Livepatch safety: \(d.old) → \(d.new)")
    let unsafe = d.unsafeCount
    page.verdict(
      d.verdict == .safe
        ? "Safe: no data change a livepatch cannot carry (\(d.warningCount) warning\(d.warningCount == 1 ? "" : "s"))."
        : d.verdict == .unsafe
          ? "Unsafe: \(unsafe) change\(unsafe == 1 ? "" : "s") a livepatch cannot carry as written."
          : "Incomplete: not everything could be read or compared; no change found is unsafe.",
      passed: d.verdict == .safe)
    page.paragraph(SafetyRenderer.summary(d))
    let unread = SafetyRenderer.unreadLines(d)
    if !unread.isEmpty { page.list(unread) }
    if !d.changes.isEmpty {
      page.table(
        ["severity", "entity", "name", "source", "objects", "reason"],
        d.changes.map { c in
          [
            HTMLPage.Cell(c.severity.rawValue), HTMLPage.Cell(c.entity.rawValue),
            .code(title(c)), .code(c.source.map(SafetyRenderer.location) ?? ""),
            HTMLPage.Cell(SafetyRenderer.objects(c)), HTMLPage.Cell(c.reason),
          ]
        }, sortable: true)
    }
    for (index, c) in d.changes.enumerated() { change(c, index: index, into: &page) }
    return page.html
  }

  /// A change: its reason and remedy, and the old and new places of what it affects.
  private static func change(_ c: SafetyChange, index: Int, into page: inout HTMLPage) {
    page.heading("\(c.severity.rawValue): \(title(c))", level: 3, id: "s\(index)")
    page.paragraph(c.reason)
    page.paragraph("Remedy: " + c.remedy, cssClass: "remedy")
    // The change lists the members it affects, not the whole type: a table, not a
    // picture that would show the others as holes.
    guard let oldMembers = c.old.members, let newMembers = c.new.members else {
      page.table(
        ["original", "patched"], [[HTMLPage.Cell(describe(c.old)), HTMLPage.Cell(describe(c.new))]])
      return
    }
    let names =
      oldMembers.map(\.name)
      + newMembers.map(\.name).filter { n in !oldMembers.contains { $0.name == n } }
    page.table(
      ["member", "original", "patched"],
      names.map { n in
        [
          .code(n), HTMLPage.Cell(place(oldMembers.first { $0.name == n })),
          HTMLPage.Cell(place(newMembers.first { $0.name == n })),
        ]
      })
  }

  private static func title(_ c: SafetyChange) -> String {
    (c.kind.map { $0.rawValue + " " } ?? "") + c.name
  }

  /// `u32 at 8 (4 bytes)`, or `-` when the member is not on that side.
  private static func place(_ m: MemberPosition?) -> String {
    guard let m else { return "-" }
    let size =
      m.bitSize.map { "\($0) bits at bit \(m.bitOffset ?? 0)" }
      ?? "\(m.size.map(String.init) ?? "?") bytes"
    return "\(m.type ?? "?") at \(m.offset) (\(size))"
  }

  private static func describe(_ side: SafetyChange.Side) -> String {
    if let prototype = side.prototype { return prototype }
    if let value = side.value { return "= \(value)" }
    if let initial = side.initial { return "= \(initial)" }
    return [side.type, side.size.map { "\($0) bytes" }].compactMap { $0 }.joined(separator: ", ")
  }
}
