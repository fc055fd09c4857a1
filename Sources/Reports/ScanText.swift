import ReportSchema

/// `scan` as text or Markdown.
public struct ScanRenderer {
  public var markdown: Bool
  public init(markdown: Bool) { self.markdown = markdown }

  public func render(_ d: ScanDocument) -> String {
    let header = ["module", "livepatch", "objects", "funcs", "klp bytes", "note"]
    let rows = d.modules.map { m in
      [ident(m.path), m.livepatch ? "yes" : "no", "\(m.objects)", "\(m.funcs)", "\(m.staticBytes)", cell(note(m))]
    }
    var out = markdown ? ["## Scan", ""] : []
    out += markdown ? MarkdownTable(header: header, rows: rows).lines : Table(header: header, rows: rows).lines
    let t = d.totals
    out.append("")
    out.append(
      "\(counted(t.modules, "module")), \(t.livepatchModules) livepatch, \(counted(t.objects, "object")), \(counted(t.funcs, "func")), "
        + "\(t.staticBytes) klp bytes, \(t.errors) with errors (\(t.unreadable) unreadable)")
    return out.joined(separator: "\n") + "\n"
  }

  private func note(_ m: ScanDocument.Module) -> String {
    if let error = m.error { return error }
    if let debug = m.debugFile { return "DWARF from \(debug)" }
    return m.topWaste?.map { "\($0.kind) \($0.name): \($0.bytes) bytes" }.joined(separator: "; ") ?? ""
  }

  private func cell(_ s: String) -> String { markdown ? Escape.markdown(s) : Escape.text(s) }
  private func ident(_ s: String) -> String { markdown ? Escape.code(s) : Escape.text(s) }
}
