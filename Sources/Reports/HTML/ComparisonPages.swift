import LayoutModel
import ReportSchema

extension HTMLReport {
  /// `diff`: the verdict (bloat-o-meter's line) first, the types table, then per
  /// changed type the old and new layouts side by side, changed members coloured,
  /// tagged and linked to their counterpart.
  public static func diff(_ d: DiffDocument) -> String {
    var page = HTMLPage(title: "Diff: \(d.old) → \(d.new)")
    page.verdict(
      d.isEmpty ? "No layout differences. " + d.summary.line : d.summary.line, passed: nil)
    if !d.types.isEmpty {
      page.table(
        ["type", "change", "old", "new", "delta"],
        d.types.map { t in
          [
            .html(
              "<a href=\"#\(anchor(t.key))\">" + HTMLPage.code(t.key.description) + "</a>",
              sortKey: t.name), HTMLPage.Cell(t.change.rawValue),
            t.oldSize.map { .number($0) } ?? "-", t.newSize.map { .number($0) } ?? "-",
            .signedNumber(t.delta),
          ]
        }, sortable: true)
    }
    for (index, t) in d.types.enumerated() {
      page.heading(
        "\(t.key.description): \(t.change.rawValue) \(t.oldSize ?? 0) → \(t.newSize ?? 0) (\(signed(t.delta)))",
        level: 3, id: anchor(t.key))
      if !t.members.isEmpty {
        page.table(
          ["", "member", "change", "old", "new"],
          t.members.map { m in
            [
              HTMLPage.Cell(sign(m.change)), .html(HTMLPage.code(m.name)),
              HTMLPage.Cell(m.change.rawValue),
              HTMLPage.Cell(place(m.oldType, m.oldOffset, m.oldSize, m.oldBitSize)),
              HTMLPage.Cell(place(m.newType, m.newOffset, m.newSize, m.newBitSize)),
            ]
          })
      }
      guard let pair = d.layouts[t.key] else { continue }
      let old = pair.old.map { LayoutPicture($0, table: pair.oldTable) }
      let new = pair.new.map { LayoutPicture($0, table: pair.newTable) }
      let (left, right) = marked(
        old: old, new: new, changes: t.members, leftID: "d\(index)o", rightID: "d\(index)n")
      page.sideBySide(
        ("old: " + d.old, left.map { [$0] } ?? []), ("new: " + d.new, right.map { [$0] } ?? []),
        cachelineSize: pair.new?.cachelineSize ?? pair.old?.cachelineSize ?? 64,
        leftID: "d\(index)o", rightID: "d\(index)n")
    }
    if let lp = d.livepatch, !lp.isEmpty {
      page.heading("Livepatch metadata")
      if !lp.arrays.isEmpty {
        page.table(
          ["array", "change", "old elements", "new elements", "old bytes", "new bytes"],
          lp.arrays.map { a in
            [
              .html(HTMLPage.code(a.symbol)), HTMLPage.Cell(a.change.rawValue),
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
              HTMLPage.Cell(f.change == .added ? "+ added" : "− removed"),
              .html(HTMLPage.code(f.object)),
              .html(
                HTMLPage.code((f.oldName ?? "?") + (f.oldSympos != 0 ? ",\(f.oldSympos)" : ""))),
              .html(HTMLPage.code(f.newFunc ?? "NULL")),
            ]
          })
      }
    }
    return page.html
  }

  /// `check`: the verdict first, the violations, then each over-budget type as the
  /// baseline recorded it beside the build's layout.
  public static func check(_ d: CheckDocument) -> String {
    var page = HTMLPage(title: "Size check: \(d.file)")
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
            .html(HTMLPage.code(v.title)),
            HTMLPage.Cell(v.reason == .missing ? "missing from the build" : "over budget"),
            .number(v.oldSize),
            v.newSize.map { .number($0) } ?? "-",
            v.newSize.map { .signedNumber(Int64(bitPattern: $0 &- v.oldSize)) } ?? "-",
            .number(v.limit),
          ]
        })
    }
    for (index, v) in d.violations.enumerated() {
      guard let record = v.baselineRecord else { continue }
      page.heading(
        "\(v.title): \(v.oldSize) → \(v.newSize.map(String.init) ?? "missing") bytes (limit \(v.limit))",
        level: 3)
      if !v.members.isEmpty {
        page.raw(
          "<ul>"
            + v.members.map {
              "<li>" + HTMLPage.text(CheckRenderer.member($0, TextStyle(unicode: true))) + "</li>"
            }.joined() + "</ul>")
      }
      let old = LayoutPicture(record: record)
      let new = v.current.flatMap { layout in
        v.currentTable.map { LayoutPicture(layout, table: $0) }
      }
      let (left, right) = marked(
        old: old, new: new, changes: v.members, leftID: "c\(index)o", rightID: "c\(index)n")
      page.sideBySide(
        ("baseline: " + d.baseline, left.map { [$0] } ?? []),
        ("now: " + d.file, right.map { [$0] } ?? []),
        cachelineSize: v.current?.cachelineSize ?? 64, leftID: "c\(index)o", rightID: "c\(index)n")
    }
    if !d.allowedMissing.isEmpty {
      page.paragraph(
        "Missing, allowed by --allow-missing: "
          + d.allowedMissing.map(\.description).joined(separator: ", "))
    }
    return page.html
  }

  /// `audit`: the ranking (sortable), then per proposal the order as built beside the
  /// proposed one, moved members linked.
  public static func audit(_ d: AuditDocument, limit: Int = 20) -> String {
    var page = HTMLPage(title: "Audit: \(d.file)")
    let wasteful = d.types.filter {
      $0.holeBytes + $0.paddingBytes > 0 || $0.bitHoleBits > 0 || $0.saved > 0
        || !$0.straddling.isEmpty
    }
    let saved = d.types.reduce(UInt64(0)) { $0 &+ $1.saved }
    page.verdict(
      "\(wasteful.count) of \(d.types.count) types waste bytes (cacheline \(d.cachelineSize)); the proposed orders save \(saved) bytes per instance of each, summed over the types.",
      passed: nil)
    page.table(
      [
        "type", "size", "holes", "bit holes", "padding", "instances", "proposed", "saved",
        "saved × instances",
      ],
      wasteful.map { e in
        [
          .html(HTMLPage.code(e.key.description), sortKey: e.name), .number(e.size),
          .number(e.holeBytes), .number(e.bitHoleBits), .number(e.paddingBytes),
          .number(e.instances), e.proposedSize.map { .number($0) } ?? "-", .number(e.saved),
          .number(e.savedInInstances),
        ]
      }, sortable: true)
    for (index, e) in wasteful.prefix(limit).enumerated() {
      guard let size = e.proposedSize, let proposal = d.proposedLayouts[e.key],
        let current = proposal.current
      else { continue }
      page.heading("\(e.key.description): \(e.size) → \(size) bytes (−\(e.saved))", level: 3)
      page.paragraph(
        (e.method ?? "reordered")
          + "; saved × \(e.instances) static instance\(e.instances == 1 ? "" : "s") = \(e.savedInInstances) bytes."
          + (e.straddling.isEmpty
            ? "" : " Crosses a cacheline: " + e.straddling.joined(separator: ", ") + "."))
      let before = LayoutPicture(current, table: proposal.table)
      let after = LayoutPicture(proposal.layout, table: proposal.table)
      let moves = Set(
        before.items.filter { b in
          after.items.contains { $0.name == b.name && $0.offset != b.offset }
        }.map(\.name))
      let changes = moves.sorted().map { MemberChange(name: $0, change: .moved) }
      let (left, right) = marked(
        old: before, new: after, changes: changes, leftID: "a\(index)o", rightID: "a\(index)n")
      page.sideBySide(
        ("as built: \(e.size) bytes", left.map { [$0] } ?? []),
        ("proposed: \(size) bytes (−\(e.saved))", right.map { [$0] } ?? []),
        cachelineSize: d.cachelineSize, leftID: "a\(index)o", rightID: "a\(index)n")
    }
    return page.html
  }

  /// `scan`: one sortable table and the totals.
  public static func scan(_ d: ScanDocument) -> String {
    var page = HTMLPage(title: "Scan")
    let t = d.totals
    page.verdict(
      "\(t.scanned == t.modules ? "" : "\(t.modules) of ")\(t.scanned) modules, \(t.livepatchModules) livepatch, \(t.objects) objects, \(t.funcs) funcs, \(t.staticBytes) klp bytes, "
        + "\(t.errors) with errors (\(t.unreadable) unreadable).",
      passed: t.unreadable == 0 ? nil : false)
    page.table(
      ["module", "livepatch", "objects", "funcs", "klp bytes", "note"],
      d.modules.map { m in
        let note =
          m.error ?? m.debugFile.map { "DWARF from \($0)" }
          ?? (m.topWaste?.map { "\($0.kind) \($0.name): \($0.bytes) bytes" }.joined(separator: "; ")
            ?? "")
        // A page stands alone: paths as scanned, directory included.
        return [
          .html(HTMLPage.code(m.fullPath), sortKey: m.fullPath),
          HTMLPage.Cell(m.livepatch ? "yes" : "no"), .number(m.objects), .number(m.funcs),
          .number(m.staticBytes), HTMLPage.Cell(note),
        ]
      }, sortable: true, caption: "Click a column header to sort.")
    return page.html
  }

  /// Marks the members a change names on the side(s) where they are, linking both
  /// sides' copies of a member present in each.
  static func marked(
    old: LayoutPicture?, new: LayoutPicture?, changes: [MemberChange], leftID: String,
    rightID: String
  ) -> (LayoutPicture?, LayoutPicture?) {
    func id(_ p: LayoutPicture?, _ prefix: String, _ name: String) -> String? {
      p?.items.firstIndex { $0.name == name }.map { "\(prefix)-t0-m\($0)" }
    }
    var oldMarks: [String: LayoutPicture.Mark] = [:]
    var newMarks: [String: LayoutPicture.Mark] = [:]
    for change in changes {
      let (cls, meaning): (String, String)
      switch change.change {
      case .added: (cls, meaning) = ("added", "added")
      case .removed: (cls, meaning) = ("removed", "removed")
      case .moved: (cls, meaning) = ("moved", "moved")
      case .retyped, .resized: (cls, meaning) = ("changed", "retyped or resized")
      }
      let tag = sign(change.change)
      oldMarks[change.name] = .init(
        cssClass: cls, tag: tag, meaning: meaning, link: id(new, rightID, change.name))
      newMarks[change.name] = .init(
        cssClass: cls, tag: tag, meaning: meaning, link: id(old, leftID, change.name))
    }
    return (old?.marking(oldMarks), new?.marking(newMarks))
  }

  static func anchor(_ key: TypeKey) -> String {
    "type-" + key.kind.rawValue + "-"
      + String(
        key.name.unicodeScalars.map {
          $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" ? Character($0) : "-"
        })
  }

  static func sign(_ change: MemberChange.Kind) -> String {
    switch change {
    case .added: return "+"
    case .removed: return "−"
    case .moved: return "↕"
    case .retyped, .resized: return "~"
    }
  }

  static func place(_ type: String?, _ offset: UInt64?, _ bytes: UInt64?, _ bits: UInt64?) -> String
  {
    guard let offset else { return "-" }
    let size = bits.map { "\($0) bits" } ?? "\(bytes ?? 0) bytes"
    return (type.map { $0 + " " } ?? "") + "at \(offset) (\(size))"
  }
}
