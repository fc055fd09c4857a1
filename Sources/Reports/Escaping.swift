import System

/// Names from files (paths, symbols, type names) reach the terminal and Markdown only
/// through here: a file name with a newline must not forge a table row, an ESC sequence
/// must not reach the terminal, a `|` must not split a Markdown cell.
enum Escape {
  /// Control bytes as `\n`, `\t`, `\x1b`; a backslash doubled only when it would be
  /// ambiguous (before `n`, `t`, `r`, `x`).
  static func text(_ s: String) -> String { text(s, keepingTabs: false) }

  /// The same, tabs kept (a listing's own indentation, where names are not cells).
  static func text(_ s: String, keepingTabs: Bool) -> String {
    var out = ""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\n": out += "\\n"
      case "\t" where keepingTabs: out.unicodeScalars.append(scalar)
      case "\t": out += "\\t"
      case "\r": out += "\\r"
      case _
      where scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value):
        out += "\\x" + String(scalar.value, radix: 16).leftPadded(to: 2)
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// Inside a Markdown table cell or text: control bytes escaped as in text, and the
  /// characters Markdown would take for syntax backslash-escaped.
  static func markdown(_ s: String) -> String {
    var out = ""
    for c in text(s) {
      if "\\|`*_[]<>#".contains(c) { out.append("\\") }
      out.append(c)
    }
    return out
  }

  /// Text or an attribute value in HTML and SVG (XML): control bytes escaped as in
  /// text (XML 1.0 cannot carry them at all), the markup characters as entities, and
  /// the noncharacters XML forbids replaced.
  static func xml(_ s: String) -> String {
    var out = ""
    for scalar in text(s).unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      case "\u{FFFE}", "\u{FFFF}": out += "\u{FFFD}"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// A fenced Markdown code block holding `body` (lines ending in a newline): the fence
  /// is longer than any run of backticks in it, so no line of it (a member named
  /// with three backticks) closes the block early.
  static func codeBlock(_ body: String, info: String = "c") -> String {
    var fence = "```"
    while body.contains(fence) { fence += "`" }
    return fence + info + "\n" + body + fence
  }

  /// A Markdown code span that holds `s` literally, whatever backticks it contains. In
  /// a table cell a `|` would end the cell (GFM splits cells before it reads code spans,
  /// so it is escaped there); in a heading or a paragraph the backslash would show, so
  /// `inTable: false` leaves it.
  static func code(_ s: String, inTable: Bool = true) -> String {
    let body = inTable ? text(s).replacingAll("|", with: "\\|") : text(s)
    var fence = "`"
    while body.contains(fence) { fence += "`" }
    let pad = body.hasPrefix("`") || body.hasSuffix("`") ? " " : ""
    return fence + pad + body + pad + fence
  }
}

extension Escape {
  /// A report's path as its text shows it: from its exact bytes when they are not UTF-8
  /// (JSON's `pathBytes`), written as messages write paths (`odd-\xff.ko`), never with
  /// U+FFFD; each format's own escaping still applies to the result.
  static func path(_ file: String, bytes hex: String?) -> String {
    guard let hex, let path = FilePath(hexBytes: hex) else {
      return FilePath.escaped(Array(file.utf8))
    }
    return FilePath.escaped(path.bytes)
  }
}

/// `1 type`, `2 types`.
func counted(_ n: Int, _ noun: String) -> String { n == 1 ? "1 \(noun)" : "\(n) \(noun)s" }

/// A signed number in ASCII: `+8`, `-8`, `0` (never U+2212, so `grep -- -8` finds it).
func signed(_ v: Int64) -> String { v > 0 ? "+\(v)" : "\(v)" }

extension String {
  func leftPadded(to width: Int) -> String {
    String(repeating: "0", count: max(0, width - count)) + self
  }

  func replacingAll(_ target: String, with replacement: String) -> String {
    split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
  }
}
