import LayoutModel
import WhatIf

/// `audit` as text or Markdown: the ranking, then each proposal laid out.
public struct AuditRenderer {
  public var markdown: Bool
  /// How many types to detail (the ranking lists all with waste).
  public var limit: Int

  public init(markdown: Bool, limit: Int = 20) {
    self.markdown = markdown
    self.limit = limit
  }

  public func render(_ d: AuditDocument, table: TypeTable, proposals: [String: Reorganizer.Proposal]) -> String {
    let wasteful = d.types.filter { $0.holeBytes + $0.paddingBytes > 0 || $0.bitHoleBits > 0 || $0.saved > 0 || !$0.straddling.isEmpty }
    var out = ["\(d.file): \(wasteful.count) of \(d.types.count) types waste bytes (cacheline \(d.cachelineSize))"]
    // DWARF is the default and its reports stay as they were; BTF says so.
    if SourceLine.applies(d.typeSource) { out.append(SourceLine.btf) }
    out.append("")
    let header = ["type", "size", "holes", "padding", "instances", "proposed", "saved", "saved × instances"]
    let rows = wasteful.map { e in
      [e.name, "\(e.size)", "\(e.holeBytes)", "\(e.paddingBytes)", "\(e.instances)", e.proposedSize.map(String.init) ?? "-", "\(e.saved)", "\(e.savedInInstances)"]
    }
    out += markdown ? MarkdownTable(header: header, rows: rows).lines : Table(header: header, rows: rows).lines
    for e in wasteful.prefix(limit) where e.proposedSize != nil || !e.straddling.isEmpty {
      out.append("")
      out.append((markdown ? "**\(e.name)**" : e.name) + ":")
      if !e.straddling.isEmpty { out.append("  crosses a cacheline: " + e.straddling.joined(separator: ", ")) }
      guard let proposal = proposals[e.name] else { continue }
      out.append("  \(proposal.method): \(e.size) → \(proposal.size) bytes (−\(proposal.saved)), order: " + proposal.order.joined(separator: ", "))
      let text = LayoutTextRenderer(table: table).render(StructLayout(proposal.layout, table: table, cachelineSize: d.cachelineSize))
      out.append(markdown ? "```\n" + text + "```" : text)
    }
    return out.joined(separator: "\n") + "\n"
  }
}
