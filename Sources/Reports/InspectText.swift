import ReportSchema

/// `inspect` as text or Markdown: per module, the patch tree first (readable in five
/// seconds), then what the metadata costs: per type sizeof × elements, and the arrays.
public struct InspectRenderer {
  public var markdown: Bool
  public var style: TextStyle

  public init(markdown: Bool = false, style: TextStyle = .init(unicode: true)) {
    self.markdown = markdown
    self.style = markdown ? .init(unicode: true) : style
  }

  public func render(_ document: InspectDocument) -> String {
    document.modules.map(render).joined(separator: "\n")
  }

  func render(_ r: InspectReport) -> String {
    var out: [String] = []
    let title = "\(r.machine), \(r.pointerSize)-byte pointers, \(r.byteOrder)-endian"
    if markdown {
      out += ["## \(Escape.code(r.file))", "", title + "."]
      if let debug = r.debugFile { out += ["", "DWARF from \(Escape.code(debug))."] }
      if let line = SourceLine.symbols(r, markdown: true) { out += ["", line + "."] }
    } else {
      out.append("\(Escape.text(r.file)): " + title)
      if let debug = r.debugFile { out.append("DWARF from \(Escape.text(debug))") }
      if let line = SourceLine.symbols(r, markdown: false) { out.append(line) }
    }
    guard r.livepatch else {
      out +=
        markdown
        ? ["", "Not a livepatch module (no static klp_patch, klp_object or klp_func data)."]
        : ["not a livepatch module (no static klp_patch, klp_object or klp_func data)"]
      return out.joined(separator: "\n") + "\n"
    }
    if markdown { out += ["", "### Patch tree", "", "```text"] }
    for patch in r.patches { out += tree(patch) }
    if markdown { out.append("```") }
    out += section("Types", table(["type", "sizeof", "elements", "bytes", "kobject"], typeRows(r)))
    out += section(
      "Static klp arrays",
      table(
        ["array", "type", "count", "entries", "sentinel", "bytes", "section"],
        r.arrays.map { a in
          [
            ident(a.symbol), ident("struct " + a.elementType), "\(a.count)", "\(a.entries)",
            a.sentinel ? "yes" : "no", "\(a.bytes)",
            ident(a.section),
          ]
        }))
    if let heap = r.heap {
      var lines = ["heap at init (\(r.records?.rawValue ?? "records")): \(heap.bytes) bytes"]
      lines += heap.allocations.map { a in
        (markdown ? "- " : "  ")
          + "\(a.count) \(style.times) kmalloc(\(a.requested)) for \(cell(a.what)) from \(a.cache)"
      }
      out += section("Heap", markdown ? [lines[0], ""] + lines.dropFirst() : lines)
    } else if let format = r.records {
      out += section(
        "Heap",
        [
          "heap at init (\(format.rawValue)): unknown: this file does not define the klp structs (try --types-from)"
        ])
    }
    out += section(
      "Total",
      [
        "static klp bytes: \(r.totals.staticBytes) (\(counted(r.totals.objects, "object")), \(counted(r.totals.funcs, "func")))"
      ])
    return out.joined(separator: "\n") + "\n"
  }

  /// A blank line, then (Markdown) a heading and a blank line, then the lines.
  private func section(_ heading: String, _ lines: [String]) -> [String] {
    [""] + (markdown ? ["### " + heading, ""] : []) + lines
  }

  private func cell(_ s: String) -> String { markdown ? Escape.markdown(s) : Escape.text(s) }

  /// A name from the file: a code span in Markdown.
  private func ident(_ s: String) -> String { markdown ? Escape.code(s) : Escape.text(s) }

  /// Rows arrive escaped (names through `ident`, numbers as they are).
  private func table(_ header: [String], _ rows: [[String]]) -> [String] {
    markdown
      ? MarkdownTable(header: header, rows: rows).lines : Table(header: header, rows: rows).lines
  }

  private func tree(_ patch: InspectReport.Patch) -> [String] {
    var lines = [
      Escape.text(patch.symbol) + (patch.replace ? "  [replace]" : "")
        + (patch.source == "static" ? "" : "  [\(patch.source)]")
    ]
    for state in patch.states {
      lines.append(style.branch + "state id=\(state.id) version=\(state.version)")
    }
    for (i, object) in patch.objects.enumerated() {
      let lastObject = i == patch.objects.count - 1
      let callbacks = object.callbacks.keys.sorted()
      lines.append(
        (lastObject ? style.last : style.branch) + Escape.text(object.target)
          + (callbacks.isEmpty ? "" : "  callbacks: " + callbacks.joined(separator: ", ")))
      for (j, f) in object.funcs.enumerated() {
        let stem =
          (lastObject ? "   " : style.pipe)
          + (j == object.funcs.count - 1 ? style.last : style.branch)
        let sympos = f.oldSympos != 0 ? ",\(f.oldSympos)" : ""
        lines.append(
          stem + Escape.text(f.oldName ?? "?") + sympos + " \(style.arrow) "
            + Escape.text(f.newFunc ?? "NULL"))
      }
    }
    return lines
  }

  private func typeRows(_ r: InspectReport) -> [[String]] {
    r.types.map { t in
      let elements = r.arrays.filter { $0.elementType == t.name }.reduce(UInt64(0)) {
        $0 + $1.count
      }
      let kobject = t.kobjectBytes.map { "\($0) (\($0 * 100 / max(t.size, 1))%)" } ?? "-"
      return [
        ident("struct " + t.name), "\(t.size)", "\(elements)", "\(elements &* t.size)", kobject,
      ]
    }
  }
}
