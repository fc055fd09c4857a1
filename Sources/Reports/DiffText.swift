/// `diff` as text (bloat-o-meter's summary line and table, then member detail) or
/// Markdown.
public struct DiffRenderer {
  public var markdown: Bool

  public init(markdown: Bool) { self.markdown = markdown }

  public func render(_ d: DiffDocument) -> String {
    var out = [d.summary.line]
    if SourceLine.applies(d.oldTypeSource) || SourceLine.applies(d.newTypeSource) {
      out.append("types from \(d.oldTypeSource.uppercased()) (old) and \(d.newTypeSource.uppercased()) (new)")
    }
    if d.isEmpty { return out.joined(separator: "\n") + "\n" }
    let rows = d.types.sorted { abs($0.delta) > abs($1.delta) || (abs($0.delta) == abs($1.delta) && $0.name < $1.name) }.map { t in
      [t.name, t.oldSize.map(String.init) ?? "-", t.newSize.map(String.init) ?? "-", signed(t.delta)]
    }
    if !rows.isEmpty {
      out.append("")
      let header = ["Type", "old", "new", "delta"]
      out += markdown ? MarkdownTable(header: header, rows: rows).lines : Table(header: header, rows: rows).lines
    }
    for t in d.types where !t.members.isEmpty || t.oldHoleBytes != t.newHoleBytes || t.oldPaddingBytes != t.newPaddingBytes {
      out.append("")
      out.append((markdown ? "**\(t.name)**" : t.name) + ": \(t.change.rawValue) \(t.oldSize ?? 0) → \(t.newSize ?? 0) (\(signed(t.delta)))")
      for m in t.members { out.append("  " + member(m)) }
      if let oh = t.oldHoleBytes, let nh = t.newHoleBytes, oh != nh { out.append("  holes: \(oh) → \(nh) bytes") }
      if let op = t.oldPaddingBytes, let np = t.newPaddingBytes, op != np { out.append("  padding: \(op) → \(np) bytes") }
    }
    if let lp = d.livepatch, !lp.isEmpty {
      out.append("")
      out.append(markdown ? "**livepatch**" : "livepatch:")
      for a in lp.arrays {
        out.append("  \(a.symbol): \(a.change) \(a.oldCount.map(String.init) ?? "-") → \(a.newCount.map(String.init) ?? "-") elements, \(a.oldBytes.map(String.init) ?? "-") → \(a.newBytes.map(String.init) ?? "-") bytes")
      }
      for f in lp.funcs {
        let sympos = f.oldSympos != 0 ? ",\(f.oldSympos)" : ""
        out.append("  \(f.change == "added" ? "+" : "-") \(f.object): \(f.oldName ?? "?")\(sympos) → \(f.newFunc ?? "NULL")")
      }
    }
    return out.joined(separator: "\n") + "\n"
  }

  private func member(_ m: MemberChange) -> String {
    switch m.change {
    case .added: return "+ \(m.name): \(m.newType ?? "?") at \(m.newOffset ?? 0), \(size(m.newSize, m.newBitSize))"
    case .removed: return "- \(m.name): \(m.oldType ?? "?") was at \(m.oldOffset ?? 0), \(size(m.oldSize, m.oldBitSize))"
    case .retyped: return "~ \(m.name): \(m.oldType ?? "?") → \(m.newType ?? "?"), \(size(m.oldSize, m.oldBitSize)) → \(size(m.newSize, m.newBitSize))"
    case .resized: return "~ \(m.name): \(size(m.oldSize, m.oldBitSize)) → \(size(m.newSize, m.newBitSize))"
    case .moved: return "↕ \(m.name): moved \(m.oldOffset ?? 0) → \(m.newOffset ?? 0)"
    }
  }

  private func size(_ bytes: UInt64?, _ bits: UInt64?) -> String {
    if let bits { return "\(bits) bits" }
    return "\(bytes ?? 0) bytes"
  }

  private func signed(_ v: Int64) -> String { v > 0 ? "+\(v)" : "\(v)" }
}
