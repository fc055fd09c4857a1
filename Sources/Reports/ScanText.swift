/// `scan` as text or Markdown.
public struct ScanRenderer {
  public var markdown: Bool
  public init(markdown: Bool) { self.markdown = markdown }

  public func render(_ d: ScanDocument) -> String {
    let header = ["module", "livepatch", "objects", "funcs", "klp bytes", "note"]
    let rows = d.modules.map { m in
      [m.path, m.livepatch ? "yes" : "no", "\(m.objects)", "\(m.funcs)", "\(m.staticBytes)",
       m.error ?? m.debugFile.map { "debug info: \($0)" } ?? (m.topWaste?.joined(separator: "; ") ?? "")]
    }
    var out = markdown ? MarkdownTable(header: header, rows: rows).lines : Table(header: header, rows: rows).lines
    let t = d.totals
    out.append("")
    out.append("\(t.modules) modules, \(t.livepatchModules) livepatch, \(t.objects) objects, \(t.funcs) funcs, \(t.staticBytes) klp bytes, \(t.errors) unreadable")
    return out.joined(separator: "\n") + "\n"
  }
}
