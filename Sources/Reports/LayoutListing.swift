import LayoutModel
import ReportSchema

/// The text of `layout`'s answers other than full layouts, in pahole 1.24's words:
/// enums as `pahole -C ENUM` prints them, `--sizes` lines, `--contains` names and
/// `--find_pointers_to` lines. Names go through `Escape.text` (a no-op on C names).
public enum LayoutListingText {
  /// `enum NAME {`, one `NAME = VALUE,` line per constant with the names padded to
  /// the longest, `};` (`} __attribute__((__packed__));` for an enum that is not an
  /// int's 4 bytes: narrower, as `__packed__` or `-fshort-enums` make it, or wider, with
  /// 64-bit constants, which pahole's `enumeration__fprintf` marks the same way).
  public static func render(_ e: Enumeration) -> String {
    let names = e.enumerators.map { Escape.text($0.name) }
    let width = names.map(\.count).max() ?? 0
    var text = "enum \(Escape.text(e.name)) {\n"
    for (name, c) in zip(names, e.enumerators) {
      text += "\t" + name + String(repeating: " ", count: width - name.count) + " = \(c.value),\n"
    }
    let packed = (e.byteSize ?? 4) != 4
    return text + (packed ? "} __attribute__((__packed__));\n" : "};\n")
  }

  /// Everything `layout` shows for `items`, in order.
  public static func render(_ items: [LayoutItem], renderer: LayoutTextRenderer) -> String {
    TextLines().pieces(appending: chunks(items, renderer: renderer)).string
  }

  /// The text of `items` in chunks, in order. A whole kernel is ten thousand types: they
  /// are rendered in chunks on `renderer.options.workers` threads, each with a copy of
  /// `renderer` with memos of its own; each type's text depends on nothing printed
  /// before it.
  static func chunks(_ items: [LayoutItem], renderer: LayoutTextRenderer) -> [TextLines.Lines] {
    renderer.options.workers.map(chunksOf: items.count, state: { renderer.withOwnMemos() }) {
      renderer, range in
      // A kernel's types average 600 bytes of text.
      var lines = TextLines(expected: range.count * 640)
      // By index: an iterator hands out each item as a copy of its own (a layout's
      // arrays and names retained and released, for ten thousand types).
      for i in range {
        switch items[i] {
        case .aggregate(let l): renderer.render(l, into: &lines)
        case .enumeration(let e): lines.appendLines(render(e))
        }
      }
      return lines.finish()
    }
  }

  /// `--sizes`: `name<TAB>size<TAB>holes` per type.
  package static func sizes(_ document: LayoutSizesDocument) -> String {
    document.sizes.map { "\(Escape.text($0.name))\t\($0.size)\t\($0.holes)\n" }.joined()
  }

  /// `--contains`: one name per line.
  package static func containers(_ document: LayoutQueryDocument) -> String {
    (document.containers ?? []).map { Escape.text($0.name) + "\n" }.joined()
  }

  /// `--find-pointers-to`: `type: member` per line.
  package static func pointers(_ document: LayoutQueryDocument) -> String {
    (document.pointers ?? []).map { "\(Escape.text($0.type.name)): \(Escape.text($0.member))\n" }
      .joined()
  }
}
