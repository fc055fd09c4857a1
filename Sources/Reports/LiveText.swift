import ReportSchema
import System

/// `live` as text or Markdown: the stack in order, each patch's tree (no-ops marked),
/// who runs each function, the totals; then what could not be read and the notes.
/// Every name from sysfs is escaped (`\n`, `\x1b`; Markdown also its syntax).
struct LiveRenderer {
  public var markdown: Bool
  public var style: TextStyle

  init(markdown: Bool = false, style: TextStyle = .init(unicode: true)) {
    self.markdown = markdown
    self.style = markdown ? .init(unicode: true) : style
  }

  func render(_ d: LiveDocument) -> String {
    var out: [String] = markdown ? ["## Live patches", ""] : []
    out += header(d)
    if d.patches.isEmpty {
      out += section("Patches", ["no livepatch is loaded" + (markdown ? "." : "")])
    } else {
      out += section("Patches", table(patchHeader, d.patches.map(patchRow)))
      let trees = d.patches.flatMap(tree)
      out += section("Objects and funcs", markdown ? ["```text"] + trees + ["```"] : trees)
      out += section("Functions", table(functionHeader, d.functions.map(functionRow)))
    }
    out += section("Total", [totals(d)])
    if !d.unreadable.isEmpty {
      out += section(
        "Not read",
        ["could not be read (\(d.unreadable.count)):"]
          + d.unreadable.map { bullet(ident($0.path.bytes) + ": " + cell($0.reason)) })
    }
    if !d.notes.isEmpty { out += section("Notes", d.notes.map { bullet("note: " + cell($0)) }) }
    return out.joined(separator: "\n") + "\n"
  }

  private func header(_ d: LiveDocument) -> [String] {
    let release = d.release.map { "release \(ident(Array($0.utf8)))" } ?? "release unknown"
    var lines = ["live: \(release), root \(ident(Array(d.root.utf8)))"]
    if let from = d.klpTypesFrom {
      let sizes = d.klpSizes.map {
        ": klp_patch \($0.patch), klp_object \($0.object), klp_func \($0.func)"
      }
      lines.append("klp struct sizes from \(ident(Array(from.utf8)))" + (sizes ?? ""))
    }
    if let modules = d.modulesDirectory {
      lines.append("module files under \(ident(Array(modules.utf8)))")
    }
    return markdown ? lines.flatMap { [$0 + ".", ""] }.dropLast() : lines
  }

  private var patchHeader: [String] {
    [
      "order", "patch", "enabled", "transition", "replace", "core bytes", "init bytes",
      "klp bytes", "from", "no-ops",
    ]
  }

  private func patchRow(_ p: LiveDocument.Patch) -> [String] {
    [
      p.stackOrder.map(String.init) ?? "?", ident(p.name.bytes), yesNo(p.enabled),
      yesNo(p.transition), yesNo(p.replace), number(p.coreBytes), number(p.initBytes),
      number(p.klpBytes), p.klpBytesSource, p.nops.map { "\($0.count)" } ?? "?",
    ]
  }

  /// The patch, its objects (patched or not) and funcs; no-ops marked.
  private func tree(_ p: LiveDocument.Patch) -> [String] {
    let file = p.moduleFile.map { "  (" + FilePath.escaped(Array($0.utf8)) + ")" } ?? ""
    var lines = [FilePath.escaped(p.name.bytes) + file]
    let nops = Set(
      (p.nops ?? []).map { [$0.object.bytes, $0.name.bytes, Array("\($0.sympos)".utf8)] })
    for (i, object) in p.objects.enumerated() {
      let last = i == p.objects.count - 1
      let patched = object.patched.map { $0 ? "patched" : "not patched" } ?? "patched ?"
      lines.append(
        (last ? style.last : style.branch) + FilePath.escaped(object.name.bytes) + "  " + patched)
      for (j, f) in object.funcs.enumerated() {
        let stem =
          (last ? "   " : style.pipe) + (j == object.funcs.count - 1 ? style.last : style.branch)
        let isNop = nops.contains([object.name.bytes, f.name.bytes, Array("\(f.sympos)".utf8)])
        lines.append(
          stem + FilePath.escaped(f.name.bytes) + ",\(f.sympos)" + (isNop ? "  (no-op)" : ""))
      }
    }
    return lines
  }

  private var functionHeader: [String] { ["function", "object", "owner", "shadows", "owner from"] }

  private func functionRow(_ f: LiveDocument.Function) -> [String] {
    let owner =
      f.owner.map { ident($0.bytes) + Self.ownerState(f) }
      ?? (f.undecided.isEmpty
        ? "(none)" : "one of " + f.undecided.map { ident($0.bytes) }.joined(separator: ", "))
    return [
      ident(f.name.bytes + Array(",\(f.sympos)".utf8)), ident(f.object.bytes), owner,
      f.shadows.isEmpty ? "(none)" : f.shadows.map { ident($0.bytes) }.joined(separator: ", "),
      f.ownerFrom,
    ]
  }

  /// ` (no-op, in transition)`: what the owner's func is, when it is not plain.
  static func ownerState(_ f: LiveDocument.Function) -> String {
    let state = (f.ownerIsNop == true ? ["no-op"] : []) + (f.inTransition ? ["in transition"] : [])
    return state.isEmpty ? "" : " (" + state.joined(separator: ", ") + ")"
  }

  private func totals(_ d: LiveDocument) -> String {
    let t = d.totals
    return
      "\(t.patches) patch\(t.patches == 1 ? "" : "es"), \(counted(t.functions, "function")), "
      + "\(number(t.klpBytes)) klp bytes, \(number(t.moduleBytes)) module bytes"
  }

  // MARK: cells

  private func yesNo(_ v: Bool?) -> String { v.map { $0 ? "yes" : "no" } ?? "?" }
  private func number(_ v: UInt64?) -> String { v.map(String.init) ?? "?" }
  private func bullet(_ s: String) -> String { (markdown ? "- " : "  ") + s }

  /// A name from sysfs: bytes that are not UTF-8 and control bytes escaped; a code span
  /// in Markdown.
  private func ident(_ bytes: [UInt8]) -> String {
    let text = FilePath.escaped(bytes)
    return markdown ? Escape.code(text) : text
  }

  private func cell(_ s: String) -> String { markdown ? Escape.markdown(s) : Escape.text(s) }

  private func section(_ heading: String, _ lines: [String]) -> [String] {
    [""] + (markdown ? ["### " + heading, ""] : []) + lines
  }

  private func table(_ header: [String], _ rows: [[String]]) -> [String] {
    guard !rows.isEmpty else { return [markdown ? "None." : "none"] }
    return markdown
      ? MarkdownTable(header: header, rows: rows).lines : Table(header: header, rows: rows).lines
  }
}
