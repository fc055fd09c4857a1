import ReportSchema
import Verify

/// `verify` for a reader: the verdict first, what was checked against, then per module
/// every finding (failures, unknowns and passes, in the order the kernel meets them).
/// Text, a Markdown pull request comment, or GitHub workflow annotations.
struct VerifyRenderer: TextOrMarkdown {
  var markdown: Bool

  func render(_ d: VerifyDocument) -> String {
    var out = [headline(d)]
    if markdown { out.append("") }
    out += context(d).map { markdown ? "- " + $0 : $0 }
    for module in d.modules { out += self.module(module) }
    return out.joined(separator: "\n") + "\n"
  }

  /// A module's verdict and counts, then every finding in a table.
  func module(_ module: VerifyDocument.Module) -> [String] {
    let name = ident(module.file) + (module.name.map { " (\(ident($0)))" } ?? "")
    let rows = module.findings.map { f in
      [
        f.status.rawValue, f.check.rawValue, f.object.map(ident) ?? "-", ident(Self.subject(f)),
        cell(f.reason),
      ]
    }
    let header = ["status", "check", "object", "subject", "reason"]
    guard markdown else {
      return ["", "\(module.verdict == .ok ? "ok" : "FAIL") \(name): \(summary(module))"]
        + Self.columns([header] + rows).map { "  " + $0 }
    }
    return [
      "", "### \(module.verdict == .ok ? "✅" : "❌") \(name)", "", summary(module), "",
      "| " + header.joined(separator: " | ") + " |",
      "|" + String(repeating: " --- |", count: header.count),
    ] + rows.map { "| " + $0.joined(separator: " | ") + " |" }
  }

  /// Left-aligned columns, the last one not padded.
  static func columns(_ rows: [[String]]) -> [String] {
    guard let width = rows.first?.count else { return [] }
    let widths = (0..<width - 1).map { c in rows.map { $0[c].count }.max() ?? 0 }
    return rows.map { row in
      row.enumerated().map { c, cell in
        c == width - 1 ? cell : cell + String(repeating: " ", count: widths[c] - cell.count)
      }.joined(separator: "  ").trimmingTrailingSpaces()
    }
  }

  func headline(_ d: VerifyDocument) -> String {
    let failed = d.modules.filter { $0.verdict == .fail }.count
    let text =
      "klp-layout verify: \(d.verdict == .ok ? "ok" : "FAIL"): \(Self.count(d.modules.count, "module")), \(failed) failed"
    return markdown ? "## \(d.verdict == .ok ? "✅" : "❌") " + text : text
  }

  /// The target and the module tree, one line each.
  func context(_ d: VerifyDocument) -> [String] {
    let t = d.target
    let format =
      t.format == "btf" ? "raw BTF" : t.symbols ? "vmlinux with symbols" : "vmlinux without symbols"
    let types = t.typeSource.map { "types from \($0 == .btf ? "BTF" : "DWARF")" } ?? "no types"
    var lines = [
      "target: \(ident(t.file)) (\(t.release.map(cell) ?? "release unknown"); \(format), \(types))"
    ]
    if let tree = d.moduleTree {
      lines.append(
        "module tree: \(ident(tree.path)) (\(tree.modulesRead) of \(Self.count(tree.moduleFiles, "module file")) read, \(tree.builtin) built in)"
      )
    } else {
      lines.append("module tree: none (no --modules: module objects are unknown)")
    }
    return lines
  }

  func summary(_ m: VerifyDocument.Module) -> String {
    "\(m.counts.failed) failed, \(m.counts.unknown) unknown, \(m.counts.passed) passed"
      + (m.debugInfo ? "" : " (no DWARF: layouts and prototypes not compared)")
  }

  /// A layout's subject as C spells the type: `struct seq_file`.
  static func subject(_ f: VerifyFinding) -> String {
    f.type?.description ?? f.subject
  }

  static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

  /// `::error` per failure, on the module's file; a `::notice` per module with its counts.
  static func github(_ d: VerifyDocument) -> String {
    var out: [String] = []
    for module in d.modules {
      let file = "file=\(CheckRenderer.property(module.file)),"
      for f in module.findings where f.status == .fail {
        let title = "klp-layout verify: \(f.check.rawValue) \(subject(f))"
        out.append(
          "::error \(file)title=\(CheckRenderer.property(title))::\(CheckRenderer.data(f.reason))")
      }
      let summary = VerifyRenderer(markdown: false).summary(module)
      out.append(
        "::notice \(file)title=\(CheckRenderer.property("klp-layout verify: " + module.verdict.rawValue))::\(CheckRenderer.data(summary))"
      )
    }
    return out.joined(separator: "\n") + "\n"
  }
}
