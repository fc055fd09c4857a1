import Livepatch

/// `inspect` as text: the patch tree first (readable in five seconds), then what the
/// metadata costs: per type sizeof × elements, and the static arrays.
public struct InspectTextRenderer {
  /// Markdown: a heading, the tree in a code block, GitHub tables.
  public var markdown: Bool

  public init(markdown: Bool = false) { self.markdown = markdown }

  public func render(_ r: InspectReport) -> String {
    var out: [String] = []
    let title = "\(r.file): \(r.machine), \(r.pointerSize)-byte pointers, \(r.byteOrder)-endian"
    out.append(markdown ? "### " + title : title)
    guard r.livepatch else {
      out.append("not a livepatch module (no static klp_patch, klp_object or klp_func data)")
      return out.joined(separator: "\n") + "\n"
    }
    if markdown { out.append("```") }
    for patch in r.patches { out += tree(patch) }
    if markdown { out.append("```") }
    out.append("")
    out += table(["type", "sizeof", "elements", "bytes", "kobject"], typeRows(r))
    out.append("")
    out += table(
      ["array", "type", "count", "entries", "sentinel", "bytes", "section"],
      r.arrays.map { a in
        [a.symbol, a.elementType, "\(a.count)", "\(a.entries)", a.sentinel ? "yes" : "no", "\(a.bytes)", a.section]
      })
    if let heap = r.heap {
      out.append("")
      out.append("heap at init (\(r.records?.rawValue ?? "records")): \(heap.bytes) bytes")
      for a in heap.allocations { out.append("  \(a.count) × kmalloc(\(a.requested)) for \(a.what) from \(a.cache)") }
    } else if let format = r.records {
      out.append("")
      out.append("heap at init (\(format.rawValue)): unknown: this file does not define the klp structs (try --types-from)")
    }
    out.append("")
    out.append("static klp bytes: \(r.totals.staticBytes) (\(r.totals.objects) objects, \(r.totals.funcs) funcs)")
    return out.joined(separator: "\n") + "\n"
  }

  private func table(_ header: [String], _ rows: [[String]]) -> [String] {
    markdown ? MarkdownTable(header: header, rows: rows).lines : Table(header: header, rows: rows).lines
  }

  private func tree(_ patch: InspectReport.Patch) -> [String] {
    var lines = ["\(patch.symbol)" + (patch.replace ? "  [replace]" : "") + (patch.source == "static" ? "" : "  [\(patch.source)]")]
    for state in patch.states { lines.append("├─ state id=\(state.id) version=\(state.version)") }
    for (i, object) in patch.objects.enumerated() {
      let lastObject = i == patch.objects.count - 1
      let callbacks = object.callbacks.keys.sorted()
      lines.append((lastObject ? "└─ " : "├─ ") + object.target + (callbacks.isEmpty ? "" : "  callbacks: " + callbacks.joined(separator: ", ")))
      for (j, f) in object.funcs.enumerated() {
        let stem = (lastObject ? "   " : "│  ") + (j == object.funcs.count - 1 ? "└─ " : "├─ ")
        let sympos = f.oldSympos != 0 ? ",\(f.oldSympos)" : ""
        lines.append(stem + (f.oldName ?? "?") + sympos + " → " + (f.newFunc ?? "NULL"))
      }
    }
    return lines
  }

  private func typeRows(_ r: InspectReport) -> [[String]] {
    r.types.map { t in
      let elements = r.arrays.filter { $0.elementType == t.name }.reduce(UInt64(0)) { $0 + $1.count }
      let kobject = t.kobjectBytes.map { "\($0) (\($0 * 100 / max(t.size, 1))%)" } ?? "-"
      return ["struct " + t.name, "\(t.size)", "\(elements)", "\(elements * t.size)", kobject]
    }
  }
}

