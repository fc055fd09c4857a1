import Safety
import LayoutModel
import ReportSchema

/// `safety` for a reviewer: the verdict first, then each change with the old and new
/// layout of what it touches side by side, then the remedy. Text, a Markdown pull
/// request comment, or GitHub workflow annotations.
enum SafetyRenderer {
  static func text(_ d: SafetyDocument) -> String {
    var out = [headline(d), summary(d)]
    out += d.files.onlyInOld.map { "only in ORIG: \($0)" }
    out += d.files.onlyInNew.map { "only in PATCHED: \($0)" }
    out += d.files.withoutDebugInfo.map { "not compared (no DWARF on either side): \($0)" }
    for c in d.changes {
      out.append("")
      out.append("[\(c.severity.rawValue)] \(title(c))" + (c.file.map { " in \($0)" } ?? ""))
      out.append("  " + c.reason)
      out += columns([label(c), "old", "new"], rows(c)).map { "  " + $0 }
      out.append("  remedy: " + c.remedy)
    }
    return out.joined(separator: "\n") + "\n"
  }

  static func markdown(_ d: SafetyDocument) -> String {
    var out = [
      "### \(d.verdict == .safe ? "✅" : "❌") klp-layout safety: \(d.verdict.rawValue)", "",
      summary(d),
    ]
    if !d.files.onlyInOld.isEmpty || !d.files.onlyInNew.isEmpty || !d.files.withoutDebugInfo.isEmpty
    {
      out.append("")
      out += d.files.onlyInOld.map { "- only in ORIG: `\($0)`" }
      out += d.files.onlyInNew.map { "- only in PATCHED: `\($0)`" }
      out += d.files.withoutDebugInfo.map { "- not compared (no DWARF on either side): `\($0)`" }
    }
    for c in d.changes {
      out.append("")
      out.append(
        "#### \(c.severity == .unsafe ? "❌" : "⚠️") \(c.severity.rawValue): `\(title(c))`"
          + (c.file.map { " in `\($0)`" } ?? ""))
      out.append("")
      out.append(c.reason)
      out.append("")
      out.append("| \(label(c)) | old | new |")
      out.append("| --- | --- | --- |")
      for row in rows(c) { out.append("| " + row.map(cell).joined(separator: " | ") + " |") }
      out.append("")
      out.append("**Remedy:** " + c.remedy)
    }
    return out.joined(separator: "\n") + "\n"
  }

  /// `::error` per unsafe change and `::warning` per warning, on the patched file.
  static func github(_ d: SafetyDocument) -> String {
    var out: [String] = []
    for c in d.changes {
      let level = c.severity == .unsafe ? "error" : "warning"
      let file = c.file.map { "file=\(CheckRenderer.property($0))," } ?? ""
      out.append(
        "::\(level) \(file)title=\(CheckRenderer.property("klp-layout safety: " + title(c)))::\(CheckRenderer.data(c.reason + " Remedy: " + c.remedy))"
      )
    }
    if out.isEmpty || d.verdict == .safe {
      out.append("::notice::\(CheckRenderer.data(headline(d) + " " + summary(d)))")
    }
    return out.joined(separator: "\n") + "\n"
  }

  static func headline(_ d: SafetyDocument) -> String {
    d.verdict == .safe
      ? "SAFE: no data change a livepatch cannot carry"
      : "UNSAFE: \(count(d.unsafeCount, "change")) a livepatch cannot carry"
  }

  static func summary(_ d: SafetyDocument) -> String {
    "\(count(d.unsafeCount, "unsafe change")), \(count(d.warningCount, "warning")); "
      + "\(count(d.files.compared, "file pair")) compared, \(d.files.identical) identical"
      + (d.files.onlyInOld.count + d.files.onlyInNew.count > 0
        ? ", \(d.files.onlyInOld.count + d.files.onlyInNew.count) on one side only" : "")
      + (d.files.withoutDebugInfo.isEmpty
        ? "" : ", \(d.files.withoutDebugInfo.count) without DWARF")
      + "."
  }

  /// Left-aligned columns: old and new read side by side.
  static func columns(_ header: [String], _ rows: [[String]]) -> [String] {
    let all = [header] + rows
    let counts = all.map { $0.map(\.count) }  // String.count walks the string: once per cell
    let widths = header.indices.map { c in counts.map { $0[c] }.max() ?? 0 }
    return all.indices.map { r in
      all[r].indices.map { c in all[r][c] + String(repeating: " ", count: widths[c] - counts[r][c])
      }
      .joined(separator: "  ").trimmingTrailingSpaces()
    }
  }

  static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

  static func title(_ c: SafetyChange) -> String {
    switch c.entity {
    case .type: return (c.kind ?? .structure).rawValue + " " + c.name
    case .variable: return "variable " + c.name
    case .function: return "function " + c.name
    case .enumerator: return "enumerator " + c.name
    }
  }

  static func label(_ c: SafetyChange) -> String { c.entity == .type ? "member" : "" }

  /// One row per affected member (types), or per fact (type and size, prototype, value).
  static func rows(_ c: SafetyChange) -> [[String]] {
    switch c.entity {
    case .type:
      var names: [String] = []
      for m in (c.new.members ?? []) + (c.old.members ?? []) where !names.contains(m.name) {
        names.append(m.name)
      }
      let old = Dictionary((c.old.members ?? []).map { ($0.name, $0) }) { a, _ in a }
      let new = Dictionary((c.new.members ?? []).map { ($0.name, $0) }) { a, _ in a }
      return names.map { [$0, old[$0].map(place) ?? "-", new[$0].map(place) ?? "-"] }
        + [["(size)", bytes(c.old.size), bytes(c.new.size)]]
    case .variable:
      return [
        ["type", c.old.type ?? "-", c.new.type ?? "-"],
        ["size", bytes(c.old.size), bytes(c.new.size)],
      ]
    case .function: return [["prototype", c.old.prototype ?? "-", c.new.prototype ?? "-"]]
    case .enumerator:
      return [["value", c.old.value.map(String.init) ?? "-", c.new.value.map(String.init) ?? "-"]]
    }
  }

  /// `void * at 8 (8 bytes)`, `unsigned int at bit 35 (3 bits)`.
  static func place(_ m: MemberPosition) -> String {
    if let bit = m.bitOffset, let width = m.bitSize {
      return "\(m.type ?? "?") at bit \(bit) (\(width) bits)"
    }
    return "\(m.type ?? "?") at \(m.offset) (\(bytes(m.size)))"
  }

  static func bytes(_ n: UInt64?) -> String {
    n.map { "\($0) byte\($0 == 1 ? "" : "s")" } ?? "unknown size"
  }

  /// Markdown cells: code spans, with `|` escaped.
  private static func cell(_ s: String) -> String {
    s == "-"
      ? "—"
      : "`" + s.split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|")
        + "`"
  }
}
