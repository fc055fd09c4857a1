/// A plain-text table with left-aligned first column and right-aligned numbers.
struct Table {
  var header: [String]
  var rows: [[String]]

  var lines: [String] {
    let all = [header] + rows
    let widths = header.indices.map { c in
      all.map { $0.indices.contains(c) ? $0[c].count : 0 }.max() ?? 0
    }
    return all.map { row in
      row.enumerated().map { c, cell in
        let gap = String(repeating: " ", count: widths[c] - cell.count)
        return c == 0 || (Int(cell) == nil && cell != "-") ? cell + gap : gap + cell
      }.joined(separator: "  ").trimmingTrailingSpaces()
    }
  }
}

extension String {
  /// The string without trailing spaces.
  func trimmingTrailingSpaces() -> String {
    var s = self
    while s.last == " " { s.removeLast() }
    return s
  }
}

/// A GitHub-flavoured Markdown table.
struct MarkdownTable {
  var header: [String]
  var rows: [[String]]

  var lines: [String] {
    // Numbers right-aligned, words left: a column is numeric when every cell starts with
    // a number (`840`, `+8`, `2 → 3`, `64 (32%)`) or is empty or `-`.
    let separator = header.indices.map { c in
      c > 0 && rows.allSatisfy { $0.indices.contains(c) && Self.isNumeric($0[c]) } ? "---:" : "---"
    }
    return ([header, separator] + rows).map { "| " + $0.joined(separator: " | ") + " |" }
  }

  static func isNumeric(_ cell: String) -> Bool {
    if cell.isEmpty || cell == "-" { return true }
    var first = Substring(cell.split(separator: " ").first ?? "")
    if first.hasPrefix("+") || first.hasPrefix("-") { first = first.dropFirst() }
    return Int(first) != nil
  }
}

/// A renderer that writes text or Markdown: what it writes from a file escaped for the
/// one it writes, and its tables and sections in that form.
protocol TextOrMarkdown {
  var markdown: Bool { get }
}

extension TextOrMarkdown {
  /// Text from a file: control bytes escaped; in Markdown also the syntax characters.
  func cell(_ s: String) -> String { markdown ? Escape.markdown(s) : Escape.text(s) }

  /// A name from a file: a code span in Markdown.
  func ident(_ s: String) -> String { markdown ? Escape.code(s) : Escape.text(s) }

  /// A table of cells that arrive escaped (names through `ident`, numbers as they are).
  func table(_ header: [String], _ rows: [[String]]) -> [String] {
    markdown
      ? MarkdownTable(header: header, rows: rows).lines : Table(header: header, rows: rows).lines
  }

  /// A blank line, then (Markdown) a heading and a blank line, then the lines.
  func section(_ heading: String, _ lines: [String]) -> [String] {
    [""] + (markdown ? ["### " + heading, ""] : []) + lines
  }
}

extension RenderOptions {
  /// The style text is written in: the reader's, or UTF-8 always in Markdown.
  func style(markdown: Bool) -> TextStyle { markdown ? TextStyle(unicode: true) : style }
}
