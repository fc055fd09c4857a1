import LayoutModel
import ReportSchema

/// `audit` as text or Markdown: the ranking, then per struct the moves that shrink it
/// and the layout they give, then the waste only alignment attributes cause.
struct AuditRenderer: TextOrMarkdown {
  var markdown: Bool
  /// How many types to detail (the ranking lists all with waste).
  var limit: Int
  /// Arrows in UTF-8 or ASCII, as the locale says (Markdown: always UTF-8).
  var style: TextStyle

  init(markdown: Bool, options: RenderOptions) {
    self.markdown = markdown
    self.limit = options.limit
    self.style = options.style(markdown: markdown)
  }

  var words: AuditWords {
    AuditWords(
      name: { [markdown] in markdown ? Escape.code($0) : Escape.text($0) },
      option: { [markdown] in markdown ? "`\($0)`" : $0 })
  }

  func render(_ d: AuditDocument) -> String {
    let wasteful = d.wasteful
    let title =
      "\(wasteful.count) of \(counted(d.types.count, "type")) waste bytes (cacheline \(d.cachelineSize))"
    var out =
      markdown
      ? [
        "## Audit: \(Escape.code(Escape.path(d.file, bytes: d.pathBytes), inTable: false))", "",
        title + ".",
      ]
      : ["\(Escape.text(Escape.path(d.file, bytes: d.pathBytes))): " + title]
    // DWARF is the default and its reports stay as they were; BTF says so.
    if SourceLine.applies(d.typeSource) {
      out += markdown ? ["", SourceLine.btfSentence] : [SourceLine.btf]
    }
    out.append("")
    let header = [
      "type", "size", "holes", "padding", "instances", "proposed", "saved", "saved x instances",
    ]
    let rows = wasteful.map { e in
      [
        ident(e.key.description), "\(e.size)", "\(e.holeBytes)", "\(e.paddingBytes)",
        "\(e.instances)",
        e.proposedSize.map(String.init) ?? "-", "\(e.saved)", "\(e.savedInInstances)",
      ]
    }
    out += table(header, rows)
    for e in wasteful.prefix(limit)
    where e.proposedSize != nil || !e.straddling.isEmpty || e.fullReorderSize != nil
      || e.movesSearchCutShort == true
    {
      out += [""] + detail(e, of: d)
    }
    out += forcedNotes(d)
    return out.joined(separator: "\n") + "\n"
  }

  /// A type's straddled cachelines, its moves (or new order) and the layout they give.
  private func detail(_ e: AuditDocument.Entry, of d: AuditDocument) -> [String] {
    var out = [
      markdown
        ? "### \(Escape.code(e.key.description, inTable: false))"
        : Escape.text(e.key.description) + ":"
    ]
    if markdown { out.append("") }
    let indent = markdown ? "- " : "  "
    if !e.straddling.isEmpty {
      out.append(indent + "crosses a cacheline: " + e.straddling.map(ident).joined(separator: ", "))
    }
    let hint = words.fullReorder(e).map { indent + $0 }
    guard let size = e.proposedSize, let method = e.method, let proposed = d.proposedLayouts[e.key]
    else { return out + (hint.map { [$0] } ?? []) }
    let change = "\(e.size) \(style.arrow) \(size) bytes (-\(e.saved))"
    if e.moves.isEmpty {
      out.append(indent + "\(method): " + change)
    } else {
      out.append(indent + change + " with " + counted(e.moves.count, "move") + ":")
      out += e.moves.map { (markdown ? "  - " : "    - ") + words.move($0) }
      if let shift = words.shift(e, proposed) { out.append(indent + shift) }
    }
    if let hint { out.append(hint) }
    let text = LayoutTextRenderer(table: proposed.table).render(proposed.layout)
    out.append(markdown ? "\n" + Escape.codeBlock(text) : text)
    return out
  }

  /// The types whose waste only alignment attributes cause: said once, not ranked.
  private func forcedNotes(_ d: AuditDocument) -> [String] {
    let forced = d.types.filter(\.isForcedOnly)
    guard !forced.isEmpty else { return [] }
    var out =
      [""]
      + (markdown
        ? ["### Forced by alignment", "", "No order of the members saves these bytes:", ""]
        : ["forced by alignment (no order of the members saves these bytes):"])
    for e in forced { out.append((markdown ? "- " : "  ") + words.forced(e)) }
    return out
  }
}

extension AuditDocument {
  /// The types that waste bytes or cross a cacheline, in the document's order.
  var wasteful: [Entry] {
    types.filter {
      ($0.holeBytes + $0.paddingBytes > 0 || $0.bitHoleBits > 0 || $0.saved > 0
        || !$0.straddling.isEmpty) && !$0.isForcedOnly
    }
  }
}
