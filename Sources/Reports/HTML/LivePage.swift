import ReportSchema
import System

extension HTMLReport {
  /// `live` as one page: the verdict (complete or not), the stack, each patch's tree,
  /// who runs each function, what could not be read, the notes.
  public static func live(_ d: LiveDocument) -> String {
    var page = HTMLPage(title: "Loaded livepatches")
    let t = d.totals
    page.verdict(
      "\(t.patches) patch\(t.patches == 1 ? "" : "es"), \(t.functions) function\(t.functions == 1 ? "" : "s"), "
        + "\(t.klpBytes.map(String.init) ?? "?") klp bytes, \(t.moduleBytes.map(String.init) ?? "?") module bytes"
        + (d.unreadable.isEmpty ? "." : "; \(d.unreadable.count) entries could not be read."),
      passed: d.unreadable.isEmpty ? nil : false)
    page.paragraph(
      "Root \(d.root), release \(d.release ?? "unknown")"
        + (d.klpTypesFrom.map { "; klp struct sizes from \($0)" } ?? "")
        + (d.modulesDirectory.map { "; module files under \($0)" } ?? "") + ".",
      cssClass: "muted")
    page.heading("Patches")
    livePatchTable(d, into: &page)
    page.heading("Objects and funcs")
    page.raw(liveTree(d.patches))
    page.heading("Functions")
    liveFunctionTable(d, into: &page)
    if !d.unreadable.isEmpty {
      page.heading("Not read")
      page.raw(
        "<ul>"
          + d.unreadable.map { "<li>" + name($0.path) + ": " + HTMLPage.text($0.reason) + "</li>" }
          .joined() + "</ul>")
    }
    if !d.notes.isEmpty {
      page.heading("Notes")
      page.raw("<ul>" + d.notes.map { "<li>" + HTMLPage.text($0) + "</li>" }.joined() + "</ul>")
    }
    return page.html
  }

  static func livePatchTable(_ d: LiveDocument, into page: inout HTMLPage) {
    page.table(
      [
        "order", "patch", "enabled", "transition", "replace", "core bytes", "init bytes",
        "klp bytes", "from", "no-ops",
      ],
      d.patches.map { p in
        [
          number(p.stackOrder.map(UInt64.init)), .html(name(p.name)), flag(p.enabled),
          flag(p.transition), flag(p.replace), number(p.coreBytes), number(p.initBytes),
          number(p.klpBytes), HTMLPage.Cell(p.klpBytesSource),
          number(p.nops.map { UInt64($0.count) }),
        ]
      }, sortable: true)
  }

  static func liveFunctionTable(_ d: LiveDocument, into page: inout HTMLPage) {
    page.table(
      ["function", "object", "owner", "shadows", "owner from"],
      d.functions.map { f in
        let owner =
          f.owner.map { name($0) + LiveRenderer.ownerState(f) }
          ?? (f.undecided.isEmpty ? "-" : "one of " + f.undecided.map(name).joined(separator: ", "))
        return [
          .html(name(.init(f.name.bytes + Array(",\(f.sympos)".utf8)))), .html(name(f.object)),
          .html(owner),
          .html(f.shadows.isEmpty ? "-" : f.shadows.map(name).joined(separator: ", ")),
          HTMLPage.Cell(f.ownerFrom),
        ]
      }, sortable: true)
  }

  /// A name from sysfs, as code, its odd bytes escaped.
  static func name(_ n: LiveDocument.Name) -> String { HTMLPage.code(FilePath.escaped(n.bytes)) }

  static func flag(_ v: Bool?) -> HTMLPage.Cell {
    HTMLPage.Cell(v.map { $0 ? "yes" : "no" } ?? "?")
  }

  static func number(_ v: UInt64?) -> HTMLPage.Cell { v.map { .number($0) } ?? HTMLPage.Cell("?") }

  static func liveTree(_ patches: [LiveDocument.Patch]) -> String {
    var out = "<ul class=\"tree\">"
    for p in patches {
      out += "<li>" + name(p.name)
      if let file = p.moduleFile { out += " <span class=\"muted\">\(HTMLPage.text(file))</span>" }
      out += "<ul>"
      for object in p.objects {
        let patched = object.patched.map { $0 ? "patched" : "not patched" } ?? "patched ?"
        out += "<li>" + name(object.name) + "<span class=\"tag\">\(patched)</span><ul>"
        for f in object.funcs {
          let isNop = (p.nops ?? []).contains {
            $0.object == object.name && $0.name == f.name && $0.sympos == f.sympos
          }
          out +=
            "<li>" + name(.init(f.name.bytes + Array(",\(f.sympos)".utf8)))
            + (isNop ? "<span class=\"tag\">no-op</span>" : "") + "</li>"
        }
        out += "</ul></li>"
      }
      out += "</ul></li>"
    }
    return out + "</ul>"
  }
}
