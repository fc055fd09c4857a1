import LayoutModel
import ReportSchema
import Safety

/// The old-and-new table of a change, shared by text and Markdown.
extension SafetyRenderer {
  /// One row per affected member (types), per enumerator, or per fact (type, size and
  /// initial value; prototype; value).
  static func rows(_ c: SafetyChange) -> [[String]] {
    switch c.entity {
    case .type: return memberRows(c)
    case .variable:
      let gone = c.change == .removed
      var rows = [
        ["type", c.old.type ?? "-", c.new.type ?? "-"],
        ["size", bytes(c.old.size), gone ? "-" : bytes(c.new.size)],
      ]
      if c.old.initial != nil || c.new.initial != nil {
        rows.append([
          "value" + (c.at.map { " at \($0)" } ?? ""), c.old.initial ?? "-", c.new.initial ?? "-",
        ])
      }
      return rows
    case .function: return [["prototype", c.old.prototype ?? "-", c.new.prototype ?? "-"]]
    case .enumerator:
      if let list = c.enumerators, list.count > 1 {
        return list.map { [$0.name, String($0.old), String($0.new)] }
      }
      return [["value", c.old.value.map(String.init) ?? "-", c.new.value.map(String.init) ?? "-"]]
    }
  }

  private static func memberRows(_ c: SafetyChange) -> [[String]] {
    var names: [String] = []
    for m in (c.new.members ?? []) + (c.old.members ?? []) where !names.contains(m.name) {
      names.append(m.name)
    }
    let old = Dictionary((c.old.members ?? []).map { ($0.name, $0) }) { a, _ in a }
    let new = Dictionary((c.new.members ?? []).map { ($0.name, $0) }) { a, _ in a }
    return names.map { [$0, old[$0].map(place) ?? "-", new[$0].map(place) ?? "-"] }
      + [["(size)", bytes(c.old.size), bytes(c.new.size)]]
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
}
