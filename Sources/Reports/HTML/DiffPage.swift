import LayoutModel
import ReportSchema

extension HTMLReport {
  /// `diff`: the verdict (bloat-o-meter's line) first, the types table, then per
  /// changed type the old and new layouts side by side, changed members coloured,
  /// tagged and linked to their counterpart.
  static func diff(_ d: DiffDocument) -> String {
    var page = HTMLPage(title: "Diff: \(d.old) → \(d.new)")
    page.verdict(
      d.isEmpty ? "No layout differences. " + d.summary.line : d.summary.line, passed: nil)
    if !d.types.isEmpty {
      page.table(
        ["type", "change", "old", "new", "delta"],
        d.types.map { t in
          [
            .markup(sortKey: t.name) { out in
              out.element("a", ["href": "#" + anchor(t.key)]) {
                $0.element("code", text: t.key.description)
              }
            },
            HTMLPage.Cell(t.change.rawValue), t.oldSize.map { .number($0) } ?? "-",
            t.newSize.map { .number($0) } ?? "-", .signedNumber(t.delta),
          ]
        }, sortable: true)
    }
    for (index, t) in d.types.enumerated() { changed(t, index: index, of: d, into: &page) }
    if let lp = d.livepatch, !lp.isEmpty { livepatch(lp, into: &page) }
    return page.html
  }

  /// One changed type: its member changes, and its old and new layouts side by side.
  private static func changed(
    _ t: TypeChange, index: Int, of d: DiffDocument, into page: inout HTMLPage
  ) {
    page.heading(
      "\(t.key.description): \(t.change.rawValue) \(t.oldSize ?? 0) → \(t.newSize ?? 0) (\(signed(t.delta)))",
      level: 3, id: anchor(t.key))
    if !t.members.isEmpty {
      page.table(
        ["", "member", "change", "old", "new"],
        t.members.map { m in
          [
            HTMLPage.Cell(sign(m.change)), .code(m.name), HTMLPage.Cell(m.change.rawValue),
            HTMLPage.Cell(place(m.oldType, m.oldOffset, m.oldSize, m.oldBitSize)),
            HTMLPage.Cell(place(m.newType, m.newOffset, m.newSize, m.newBitSize)),
          ]
        })
    }
    guard let pair = d.layouts[t.key] else { return }
    let old = pair.old.map { LayoutPicture($0, table: pair.oldTable) }
    let new = pair.new.map { LayoutPicture($0, table: pair.newTable) }
    let (left, right) = marked(
      old: old, new: new, changes: t.members, leftID: "d\(index)o", rightID: "d\(index)n")
    page.sideBySide(
      ("old: " + d.old, left.map { [$0] } ?? []), ("new: " + d.new, right.map { [$0] } ?? []),
      cachelineSize: pair.new?.cachelineSize ?? pair.old?.cachelineSize ?? 64,
      leftID: "d\(index)o", rightID: "d\(index)n")
  }

  /// The static klp arrays and funcs that changed.
  private static func livepatch(_ lp: LivepatchChanges, into page: inout HTMLPage) {
    page.heading("Livepatch metadata")
    if !lp.arrays.isEmpty {
      page.table(
        ["array", "change", "old elements", "new elements", "old bytes", "new bytes"],
        lp.arrays.map { a in
          [
            .code(a.symbol), HTMLPage.Cell(a.change.rawValue),
            a.oldCount.map { .number($0) } ?? "-", a.newCount.map { .number($0) } ?? "-",
            a.oldBytes.map { .number($0) } ?? "-", a.newBytes.map { .number($0) } ?? "-",
          ]
        })
    }
    if !lp.funcs.isEmpty {
      page.table(
        ["", "object", "func", "new func"],
        lp.funcs.map { f in
          [
            HTMLPage.Cell(f.change == .added ? "+ added" : "− removed"), .code(f.object),
            .code((f.oldName ?? "?") + (f.oldSympos != 0 ? ",\(f.oldSympos)" : "")),
            .code(f.newFunc ?? "NULL"),
          ]
        })
    }
  }
}
