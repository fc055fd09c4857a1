import LayoutModel
import ReportSchema

extension HTMLReport {
  /// `audit`: the ranking (sortable), then per proposal the order as built beside the
  /// proposed one, moved members linked.
  static func audit(_ d: AuditDocument, limit: Int) -> String {
    var page = HTMLPage(title: "Audit: \(Escape.path(d.file, bytes: d.pathBytes))")
    let wasteful = d.wasteful
    let saved = d.types.reduce(UInt64(0)) { $0 &+ $1.saved }
    page.verdict(
      "\(wasteful.count) of \(d.types.count) types waste bytes (cacheline \(d.cachelineSize)); the proposed \(d.fullReorder ? "orders" : "moves") save \(saved) bytes per instance of each, summed over the types.",
      passed: nil)
    page.table(
      [
        "type", "size", "holes", "bit holes", "padding", "instances", "proposed", "saved",
        "saved × instances",
      ],
      wasteful.map { e in
        [
          .code(e.key.description, sortKey: e.name), .number(e.size), .number(e.holeBytes),
          .number(e.bitHoleBits), .number(e.paddingBytes), .number(e.instances),
          e.proposedSize.map { .number($0) } ?? "-", .number(e.saved),
          .number(e.savedInInstances),
        ]
      }, sortable: true)
    for (index, e) in wasteful.prefix(limit).enumerated() {
      proposal(e, index: index, of: d, into: &page)
    }
    let forced = d.types.filter(\.isForcedOnly)
    if !forced.isEmpty {
      page.heading("Forced by alignment")
      page.paragraph("No order of the members saves these bytes.")
      page.list(forced.map(auditWords.forced))
    }
    return page.html
  }

  /// Names as they are (the page escapes them), options as typed.
  static var auditWords: AuditWords { AuditWords(name: { $0 }, option: { $0 }) }

  /// A proposal: its moves (or how the order was found), and the type as built beside
  /// the proposed one, moved members linked.
  private static func proposal(
    _ e: AuditDocument.Entry, index: Int, of d: AuditDocument, into page: inout HTMLPage
  ) {
    guard let size = e.proposedSize, let proposal = d.proposedLayouts[e.key],
      let current = proposal.current
    else { return }
    page.heading("\(e.key.description): \(e.size) → \(size) bytes (−\(e.saved))", level: 3)
    let how =
      e.moves.isEmpty
      ? (e.method ?? "reordered") : counted(e.moves.count, "move") + " of members into holes"
    page.paragraph(
      how
        + "; saved × \(e.instances) static instance\(e.instances == 1 ? "" : "s") = \(e.savedInInstances) bytes."
        + (e.straddling.isEmpty
          ? "" : " Crosses a cacheline: " + e.straddling.joined(separator: ", ") + "."))
    if !e.moves.isEmpty { page.list(e.moves.map(auditWords.move)) }
    let notes = [auditWords.shift(e, proposal), auditWords.fullReorder(e)].compactMap { $0 }
    for note in notes { page.paragraph(note) }
    let before = LayoutPicture(current, table: proposal.table)
    let after = LayoutPicture(proposal.layout, table: proposal.table)
    // The members moved, not the ones that only shifted up behind them (a new order
    // moves every member whose offset changed).
    let moves =
      e.moves.isEmpty
      ? Set(
        before.items.filter { b in
          after.items.contains { $0.name == b.name && $0.offset != b.offset }
        }.map(\.name)) : Set(e.moves.flatMap(\.members))
    let changes = moves.sorted().map { MemberChange(name: $0, change: .moved) }
    let (left, right) = marked(
      old: before, new: after, changes: changes, leftID: "a\(index)o", rightID: "a\(index)n")
    page.sideBySide(
      ("as built: \(e.size) bytes", left.map { [$0] } ?? []),
      ("proposed: \(size) bytes (−\(e.saved))", right.map { [$0] } ?? []),
      cachelineSize: d.cachelineSize, leftID: "a\(index)o", rightID: "a\(index)n")
  }

  /// `scan`: one sortable table and the totals.
  static func scan(_ d: ScanDocument) -> String {
    var page = HTMLPage(title: "Scan")
    let t = d.totals
    page.verdict(
      "\(t.scanned == t.modules ? "" : "\(t.modules) of ")\(t.scanned) modules, \(t.livepatchModules) livepatch, \(t.objects) objects, \(t.funcs) funcs, \(t.staticBytes) klp bytes, "
        + "\(t.errors) with errors (\(t.unreadable) unreadable).",
      passed: t.unreadable == 0 ? nil : false)
    // Paths as text and Markdown show them; the one directory they are below, said once.
    let directories = ScanWords.directories(d)
    if directories.count == 1 { page.paragraph("Module paths are below \(directories[0]).") }
    page.table(
      ["module", "livepatch", "objects", "funcs", "klp bytes", "note"],
      zip(d.modules, ScanWords.paths(d)).map { m, path in
        [
          .code(path, sortKey: path), HTMLPage.Cell(m.livepatch ? "yes" : "no"),
          .number(m.objects), .number(m.funcs), .number(m.staticBytes),
          HTMLPage.Cell(ScanWords.note(m)),
        ]
      }, sortable: true, caption: "Click a column header to sort.")
    return page.html
  }
}
