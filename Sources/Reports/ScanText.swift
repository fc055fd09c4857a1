import ReportSchema

/// `scan` as text or Markdown. Paths are relative to the directory scanned; with
/// several directories, each path is prefixed by its directory.
struct ScanRenderer: TextOrMarkdown {
  var markdown: Bool
  /// ANSI colours in text: livepatch modules green, unreadable ones red, the header
  /// bold. Whole rows are coloured, after the columns are aligned (and after names are
  /// escaped, so no colour comes from a file name).
  var color: Bool

  init(markdown: Bool, options: RenderOptions) {
    self.markdown = markdown
    self.color = options.color && !markdown
  }

  func render(_ d: ScanDocument) -> String {
    let header = ["module", "livepatch", "objects", "funcs", "klp bytes", "note"]
    let rows = zip(d.modules, ScanWords.paths(d)).map { m, path in
      [
        markdown ? Escape.code(path) : path, m.livepatch ? "yes" : "no", "\(m.objects)",
        "\(m.funcs)", "\(m.staticBytes)",
        cell(ScanWords.note(m)),
      ]
    }
    var out = markdown ? ["## Scan", ""] : []
    var table = self.table(header, rows)
    if color {
      table[0] = Self.paint(table[0], Self.bold)
      for (i, m) in d.modules.enumerated() where m.error != nil || m.livepatch {
        table[i + 1] = Self.paint(table[i + 1], m.error != nil ? Self.red : Self.green)
      }
    }
    out += table
    let t = d.totals
    out.append("")
    let listed =
      t.scanned == t.modules
      ? counted(t.modules, "module") : "\(t.modules) of \(counted(t.scanned, "module"))"
    out.append(
      "\(listed), \(t.livepatchModules) livepatch, \(counted(t.objects, "object")), \(counted(t.funcs, "func")), "
        + "\(t.staticBytes) klp bytes, \(t.errors) with errors (\(t.unreadable) unreadable)")
    return out.joined(separator: "\n") + "\n"
  }

  static let bold = "1", red = "31", green = "32"
  static func paint(_ line: String, _ code: String) -> String {
    "\u{1B}[\(code)m" + line + "\u{1B}[0m"
  }
}

/// `--color auto|always|never`; `auto` colours a terminal unless `NO_COLOR` is set to
/// anything non-empty (https://no-color.org).
public enum ColorChoice: String, CaseIterable, Sendable {
  case auto, always, never

  public func enabled(isTerminal: Bool, environment: [String: String]) -> Bool {
    switch self {
    case .always: return true
    case .never: return false
    case .auto: return isTerminal && (environment["NO_COLOR"] ?? "").isEmpty
    }
  }
}
