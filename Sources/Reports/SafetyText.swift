import LayoutModel
import ReportSchema
import Safety

/// `safety` for a reviewer: the verdict first, then each change (one per entity, with
/// where it is declared and which objects show it) with the old and new layout or value
/// of what it touches side by side, then the remedy. Text here; a Markdown pull request
/// comment (`SafetyMarkdown.swift`) and GitHub workflow annotations
/// (`SafetyGitHub.swift`) beside it. Every name and path from the files goes through
/// `Escape`.
enum SafetyRenderer {
  static func text(_ d: SafetyDocument) -> String {
    var out = [headline(d), summary(d)]
    out += d.files.onlyInOld.map { "only in ORIG: \(Escape.text($0))" }
    out += d.files.onlyInNew.map { "only in PATCHED: \(Escape.text($0))" }
    out += unreadLines(d).map(Escape.text)
    for c in d.changes {
      out.append("")
      out.append("[\(c.severity.rawValue)] \(Escape.text(heading(c)))")
      out.append("  " + Escape.text(c.reason))
      out += columns([label(c), "old", "new"], rows(c).map { $0.map(Escape.text) }).map {
        "  " + $0
      }
      out.append("  remedy: " + Escape.text(c.remedy))
    }
    return out.joined(separator: "\n") + "\n"
  }

  /// `variable max_conns at safety/data/x.c:12 in x.o`.
  static func heading(_ c: SafetyChange) -> String {
    title(c) + (c.source.map { " at " + location($0) } ?? "") + " in " + objects(c)
  }

  static func headline(_ d: SafetyDocument) -> String {
    switch d.verdict {
    case .safe: return "SAFE: no data change a livepatch cannot carry"
    case .unsafe: return "UNSAFE: \(count(d.unsafeCount, "change")) a livepatch cannot carry"
    case .incomplete:
      return "INCOMPLETE: not everything could be read or compared; no change found is unsafe"
    }
  }

  /// Counts of entities (a change seen in many objects counts once) and of pairs.
  static func summary(_ d: SafetyDocument) -> String {
    let f = d.files
    var parts = [
      "\(count(d.unsafeCount, "unsafe change")), \(count(d.warningCount, "warning")); "
        + "\(count(f.compared, "file pair")) compared, \(f.identical) identical"
    ]
    if f.equivalent > 0 { parts.append("\(f.equivalent) differing only in build metadata") }
    let oneSided = f.onlyInOld.count + f.onlyInNew.count
    if oneSided > 0 { parts.append("\(oneSided) on one side only") }
    if !f.withoutDebugInfo.isEmpty { parts.append("\(f.withoutDebugInfo.count) without DWARF") }
    if !f.unreadable.isEmpty { parts.append("\(f.unreadable.count) unreadable") }
    if f.pairs == 0 { parts.append("nothing to compare") }
    return parts.joined(separator: ", ") + "."
  }

  /// What could not be read or compared, one line each.
  static func unreadLines(_ d: SafetyDocument) -> [String] {
    d.files.withoutDebugInfo.map { "not compared (no DWARF on either side): \($0)" }
      + d.files.unreadable.map { u in
        "could not read" + (u.side.map { " (\($0 == .old ? "ORIG" : "PATCHED"))" } ?? "")
          + ": \(u.path): \(u.reason)"
      }
  }

  /// `file:line`, or the file alone.
  static func location(_ s: SafetyChange.SourceLocation) -> String {
    s.file + (s.line.map { ":\($0)" } ?? "")
  }

  /// `x.o`, or `3 objects: a.o, b.o, c.o` (the first five named).
  static func objects(_ c: SafetyChange) -> String {
    let list = c.files ?? c.file.map { [$0] } ?? []
    guard list.count > 1 else { return list.first ?? "-" }
    let named = list.prefix(5).joined(separator: ", ")
    return "\(list.count) objects: \(named)" + (list.count > 5 ? ", …" : "")
  }

  static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

  static func title(_ c: SafetyChange) -> String {
    switch c.entity {
    case .type: return (c.kind ?? .structure).rawValue + " " + c.name
    case .variable: return "variable " + c.name
    case .function: return "function " + c.name
    case .enumerator:
      return (c.enumerators?.count ?? 1) > 1
        ? "enumerators of \(c.new.type ?? "an anonymous enum")" : "enumerator " + c.name
    }
  }

  static func label(_ c: SafetyChange) -> String {
    switch c.entity {
    case .type: return "member"
    case .enumerator where (c.enumerators?.count ?? 1) > 1: return "enumerator"
    default: return ""
    }
  }
}
