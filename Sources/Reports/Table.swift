/// A plain-text table with left-aligned first column and right-aligned numbers.
struct Table {
  var header: [String]
  var rows: [[String]]

  var lines: [String] {
    let all = [header] + rows
    let widths = header.indices.map { c in all.map { $0.indices.contains(c) ? $0[c].count : 0 }.max() ?? 0 }
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
    let separator = header.enumerated().map { i, _ in i == 0 ? "---" : "---:" }
    return ([header, separator] + rows).map { "| " + $0.joined(separator: " | ") + " |" }
  }
}
