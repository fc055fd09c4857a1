import ReportSchema

/// `diff` as text (bloat-o-meter's summary line and table, then member detail) or
/// Markdown (a heading per changed type, member changes as tables).
struct DiffRenderer: TextOrMarkdown {
  var markdown: Bool
  var style: TextStyle

  init(markdown: Bool, options: RenderOptions) {
    self.markdown = markdown
    self.style = options.style(markdown: markdown)
  }

  func render(_ d: DiffDocument) -> String {
    var out = heading(d)
    if d.isEmpty { return out.joined(separator: "\n") + "\n" }
    out += table(d)
    for t in d.types
    where !t.members.isEmpty || t.oldHoleBytes != t.newHoleBytes
      || t.oldPaddingBytes != t.newPaddingBytes
    {
      out.append("")
      out += markdown ? markdownDetail(t) : textDetail(t)
    }
    if let lp = d.livepatch, !lp.isEmpty { out += livepatch(lp) }
    return out.joined(separator: "\n") + "\n"
  }

  /// bloat-o-meter's summary line (under a heading in Markdown), and the type sources
  /// when BTF is one of them.
  private func heading(_ d: DiffDocument) -> [String] {
    var out =
      markdown
      ? [
        "## Diff: \(Escape.code(d.old, inTable: false)) \(style.arrow) \(Escape.code(d.new, inTable: false))",
        "",
        "`\(d.summary.line)`",
      ] : [d.summary.line]
    if SourceLine.applies(d.oldTypeSource) || SourceLine.applies(d.newTypeSource) {
      out +=
        (markdown ? [""] : []) + [
          "types from \(d.oldTypeSource.rawValue.uppercased()) (old) and \(d.newTypeSource.rawValue.uppercased()) (new)"
        ]
    }
    return out
  }

  /// The changed types, the largest change first.
  private func table(_ d: DiffDocument) -> [String] {
    let rows = d.types.sorted {
      abs($0.delta) > abs($1.delta) || (abs($0.delta) == abs($1.delta) && $0.key < $1.key)
    }.map { t in
      [
        ident(t.key.description), t.oldSize.map(String.init) ?? "-",
        t.newSize.map(String.init) ?? "-", signed(t.delta),
      ]
    }
    guard !rows.isEmpty else { return [] }
    let header = ["Type", "old", "new", "delta"]
    return [""] + table(header, rows)
  }

  /// `struct t: resized 8 -> 16 (+8)`: the change to the type's size.
  private func headline(_ t: TypeChange) -> String {
    "\(t.change.rawValue) \(t.oldSize ?? 0) \(style.arrow) \(t.newSize ?? 0) (\(signed(t.delta)))"
  }

  /// The changes to the holes and the tail padding.
  private func notes(_ t: TypeChange) -> [String] {
    var notes: [String] = []
    if let oh = t.oldHoleBytes, let nh = t.newHoleBytes, oh != nh {
      notes.append("holes: \(oh) \(style.arrow) \(nh) bytes")
    }
    if let op = t.oldPaddingBytes, let np = t.newPaddingBytes, op != np {
      notes.append("padding: \(op) \(style.arrow) \(np) bytes")
    }
    return notes
  }

  /// A changed type as a heading, a table of its member changes, then the notes.
  private func markdownDetail(_ t: TypeChange) -> [String] {
    var out = ["### \(Escape.code(t.key.description, inTable: false)): " + headline(t)]
    if !t.members.isEmpty {
      out.append("")
      out +=
        MarkdownTable(
          header: ["", "member", "change", "old", "new"],
          rows: t.members.map { m in
            [
              Escape.code(sign(m)), Escape.code(m.name), m.change.rawValue, cell(was(m)),
              cell(now(m)),
            ]
          }
        ).lines
    }
    let notes = notes(t)
    if !notes.isEmpty { out += [""] + notes.map { "- " + $0 } }
    return out
  }

  /// A changed type's line, a line per member change, then the notes.
  private func textDetail(_ t: TypeChange) -> [String] {
    [Escape.text(t.key.description) + ": " + headline(t)]
      + t.members.map { m in
        "  \(sign(m)) \(Escape.text(m.name)): \(m.change.rawValue) \(was(m)) \(style.arrow) \(now(m))"
      } + notes(t).map { "  " + $0 }
  }

  private func livepatch(_ lp: LivepatchChanges) -> [String] {
    var out = ["", markdown ? "### Livepatch metadata" : "livepatch:"]
    let arrays = lp.arrays.map { a in
      [
        ident(a.symbol), a.change.rawValue,
        "\(a.oldCount.map(String.init) ?? "-") \(style.arrow) \(a.newCount.map(String.init) ?? "-")",
        "\(a.oldBytes.map(String.init) ?? "-") \(style.arrow) \(a.newBytes.map(String.init) ?? "-")",
      ]
    }
    let funcs = lp.funcs.map { f in
      [
        f.change == .added ? "+" : "-", ident(f.object),
        ident((f.oldName ?? "?") + (f.oldSympos != 0 ? ",\(f.oldSympos)" : "")),
        ident(f.newFunc ?? "NULL"),
      ]
    }
    if markdown {
      if !arrays.isEmpty {
        out +=
          [""]
          + MarkdownTable(header: ["array", "change", "elements", "bytes"], rows: arrays).lines
      }
      if !funcs.isEmpty {
        out +=
          [""]
          + MarkdownTable(
            header: ["", "object", "func", "new func"],
            rows: funcs.map { [Escape.code($0[0])] + $0.dropFirst() }
          ).lines
      }
    } else {
      out += arrays.map { "  \($0[0]): \($0[1]) \($0[2]) elements, \($0[3]) bytes" }
      out += funcs.map { "  \($0[0]) \($0[1]): \($0[2]) \(style.arrow) \($0[3])" }
    }
    return out
  }

  private func sign(_ m: MemberChange) -> String {
    switch m.change {
    case .added: return "+"
    case .removed: return "-"
    case .retyped, .resized: return "~"
    case .moved: return "^"
    }
  }

  private func was(_ m: MemberChange) -> String {
    place(m.oldType, m.oldOffset, m.oldSize, m.oldBitSize)
  }
  private func now(_ m: MemberChange) -> String {
    place(m.newType, m.newOffset, m.newSize, m.newBitSize)
  }

  /// `u32 at 8 (4 bytes)`, or `-` when the member is not on that side.
  private func place(
    _ type: String?, _ offset: UInt64?, _ bytes: UInt64?, _ bits: UInt64?
  ) -> String {
    guard let offset else { return "-" }
    let size = bits.map { counted(Int($0), "bit") } ?? counted(Int(bytes ?? 0), "byte")
    return (type.map { $0 + " " } ?? "") + "at \(offset) (\(size))"
  }
}
