import ReportSchema
import LayoutModel

/// `inspect` as text or Markdown: per module, the patch tree first (readable in five
/// seconds), then what the metadata costs: per type sizeof × elements, and the arrays.
struct InspectRenderer: TextOrMarkdown {
  var markdown: Bool
  var style: TextStyle

  init(markdown: Bool, options: RenderOptions) {
    self.markdown = markdown
    self.style = options.style(markdown: markdown)
  }

  func render(_ document: InspectDocument) -> String {
    document.modules.map(render).joined(separator: "\n")
  }

  func render(_ r: InspectReport) -> String {
    var out = heading(r)
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
            ident(a.symbol), ident(TypeKey.structure(a.elementType).spelling), "\(a.count)",
            "\(a.entries)",
            a.sentinel ? "yes" : "no", "\(a.bytes)",
            ident(a.section),
          ]
        }))
    out += heap(r)
    out += section(
      "Total",
      [
        "static klp bytes: \(r.totals.staticBytes) (\(counted(r.totals.objects, "object")), \(counted(r.totals.funcs, "func")))"
      ])
    return out.joined(separator: "\n") + "\n"
  }

  /// The module's name, machine and debug file.
  private func heading(_ r: InspectReport) -> [String] {
    let title = "\(r.machine), \(r.pointerSize)-byte pointers, \(r.byteOrder)-endian"
    let symbols = SourceLine.symbols(r, markdown: markdown)
    if markdown {
      return [
        "## \(Escape.code(Escape.path(r.file, bytes: r.pathBytes), inTable: false))", "",
        title + ".",
      ]
        + (r.debugFile.map { ["", "DWARF from \(Escape.code($0))."] } ?? [])
        + (symbols.map { ["", $0 + "."] } ?? [])
    }
    return ["\(Escape.text(Escape.path(r.file, bytes: r.pathBytes))): " + title]
      + (r.debugFile.map { ["DWARF from \(Escape.text($0))"] } ?? []) + (symbols.map { [$0] } ?? [])
  }

  /// What the module allocates at init, or why that is unknown.
  private func heap(_ r: InspectReport) -> [String] {
    if let heap = r.heap {
      var lines = ["heap at init (\(r.records?.rawValue ?? "records")): \(heap.bytes) bytes"]
      lines += heap.allocations.map { a in
        (markdown ? "- " : "  ")
          + "\(a.count) \(style.times) kmalloc(\(a.requested)) for \(cell(a.what)) from \(a.cache)"
      }
      return section("Heap", markdown ? [lines[0], ""] + lines.dropFirst() : lines)
    }
    guard let format = r.records else { return [] }
    return section(
      "Heap",
      [
        "heap at init (\(format.rawValue)): unknown: this file does not define the klp structs (try --types-from)"
      ])
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
        ident(TypeKey.structure(t.name).spelling), "\(t.size)", "\(elements)",
        "\(elements &* t.size)", kobject,
      ]
    }
  }
}
