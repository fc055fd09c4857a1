/// `scan` as text or Markdown. Paths are relative to the directory scanned; with
/// several directories, each group is headed by its directory.
public struct ScanRenderer {
  public var markdown: Bool
  /// ANSI colours in text: livepatch modules green, unreadable ones red, the header
  /// bold. Whole rows are coloured, after the columns are aligned.
  public var color: Bool

  public init(markdown: Bool, color: Bool = false) {
    self.markdown = markdown
    self.color = color && !markdown
  }

  public func render(_ d: ScanDocument) -> String {
    let header = ["module", "livepatch", "objects", "funcs", "klp bytes", "note"]
    let directories = Set(d.modules.map { $0.directory ?? "" })
    let rows = d.modules.map { m in
      [(directories.count > 1 ? m.directory.map { $0 + "/" } ?? "" : "") + m.path, m.livepatch ? "yes" : "no", "\(m.objects)", "\(m.funcs)", "\(m.staticBytes)",
       m.error ?? m.debugFile.map { "debug info: \($0)" } ?? (m.topWaste?.joined(separator: "; ") ?? "")]
    }
    var out = markdown ? MarkdownTable(header: header, rows: rows).lines : Table(header: header, rows: rows).lines
    if color {
      out[0] = Self.paint(out[0], Self.bold)
      for (i, m) in d.modules.enumerated() where m.error != nil || m.livepatch {
        out[i + 1] = Self.paint(out[i + 1], m.error != nil ? Self.red : Self.green)
      }
    }
    let t = d.totals
    out.append("")
    let listed = t.scanned == t.modules ? "\(t.modules) modules" : "\(t.modules) of \(t.scanned) modules"
    out.append("\(listed), \(t.livepatchModules) livepatch, \(t.objects) objects, \(t.funcs) funcs, \(t.staticBytes) klp bytes, \(t.errors) unreadable")
    return out.joined(separator: "\n") + "\n"
  }

  static let bold = "1", red = "31", green = "32"
  static func paint(_ line: String, _ code: String) -> String { "\u{1B}[\(code)m" + line + "\u{1B}[0m" }
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
