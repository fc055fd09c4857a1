import ReportSchema
import System

extension HTMLReport {
  /// `live` as one page: the verdict (complete or not), the stack, each patch's tree,
  /// who runs each function, what could not be read, the notes.
  static func live(_ d: LiveDocument) -> String {
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
    page.add { liveTree(d.patches, into: &$0) }
    page.heading("Functions")
    liveFunctionTable(d, into: &page)
    if !d.unreadable.isEmpty {
      page.heading("Not read")
      page.list(d.unreadable.map { FilePath.escaped($0.path.bytes) + ": " + $0.reason })
    }
    if !d.notes.isEmpty {
      page.heading("Notes")
      page.list(d.notes)
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
          number(p.stackOrder.map(UInt64.init)), name(p.name), flag(p.enabled),
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
        [
          name(.init(f.name.bytes + Array(",\(f.sympos)".utf8))), name(f.object),
          .markup { out in
            if let owner = f.owner {
              code(owner, into: &out)
              out.text(LiveRenderer.ownerState(f))
            } else if f.undecided.isEmpty {
              out.text("-")
            } else {
              out.text("one of ")
              names(f.undecided, into: &out)
            }
          },
          .markup { out in f.shadows.isEmpty ? out.text("-") : names(f.shadows, into: &out) },
          HTMLPage.Cell(f.ownerFrom),
        ]
      }, sortable: true)
  }

  /// A name from sysfs, as code, its odd bytes escaped.
  static func name(_ n: LiveDocument.Name) -> HTMLPage.Cell { .code(FilePath.escaped(n.bytes)) }

  private static func code(_ n: LiveDocument.Name, into out: inout Markup) {
    out.element("code", text: FilePath.escaped(n.bytes))
  }

  private static func names(_ list: [LiveDocument.Name], into out: inout Markup) {
    for (i, n) in list.enumerated() {
      if i > 0 { out.text(", ") }
      code(n, into: &out)
    }
  }

  static func flag(_ v: Bool?) -> HTMLPage.Cell {
    HTMLPage.Cell(v.map { $0 ? "yes" : "no" } ?? "?")
  }

  static func number(_ v: UInt64?) -> HTMLPage.Cell { v.map { .number($0) } ?? HTMLPage.Cell("?") }

  /// Each patch, its objects (patched or not) and their funcs, no-ops tagged.
  static func liveTree(_ patches: [LiveDocument.Patch], into out: inout Markup) {
    out.element("ul", ["class": "tree"]) { out in
      for p in patches {
        out.element("li") { out in
          code(p.name, into: &out)
          if let file = p.moduleFile {
            out.text(" ")
            out.element("span", ["class": "muted"], text: file)
          }
          out.element("ul") { out in for object in p.objects { liveTree(object, of: p, into: &out) }
          }
        }
      }
    }
  }

  private static func liveTree(
    _ object: LiveDocument.Object, of p: LiveDocument.Patch, into out: inout Markup
  ) {
    out.element("li") { out in
      code(object.name, into: &out)
      let patched = object.patched.map { $0 ? "patched" : "not patched" } ?? "patched ?"
      out.element("span", ["class": "tag"], text: patched)
      out.element("ul") { out in
        for f in object.funcs {
          let isNop = (p.nops ?? []).contains {
            $0.object == object.name && $0.name == f.name && $0.sympos == f.sympos
          }
          out.element("li") { out in
            code(.init(f.name.bytes + Array(",\(f.sympos)".utf8)), into: &out)
            if isNop { out.element("span", ["class": "tag"], text: "no-op") }
          }
        }
      }
    }
  }
}
