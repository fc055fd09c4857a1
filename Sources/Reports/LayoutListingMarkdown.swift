import LayoutModel
import ReportSchema

/// `layout --sizes`, `--contains` and `--find-pointers-to` as Markdown pages: a heading
/// naming the file (and the question), the BTF line when the types came from BTF, and
/// one table row per answer.
enum LayoutListingMarkdown {
  static func sizes(_ d: LayoutSizesDocument) -> String {
    page(
      "Sizes in \(Escape.code(Escape.path(d.file, bytes: d.pathBytes)))", d.debugFile, d.typeSource,
      MarkdownTable(
        header: ["type", "size", "holes"],
        rows: d.sizes.map { [Escape.code("\($0.kind) \($0.name)"), "\($0.size)", "\($0.holes)"] }))
  }

  /// `--contains` or `--find-pointers-to`, whichever the document answers.
  static func query(_ d: LayoutQueryDocument) -> String {
    let target = Escape.code(
      ([d.target.kind?.rawValue].compactMap { $0 } + [d.target.name]).joined(separator: " "))
    if let pointers = d.pointers {
      return page(
        "Pointers to \(target) in \(Escape.code(Escape.path(d.file, bytes: d.pathBytes)))",
        d.debugFile, d.typeSource,
        MarkdownTable(
          header: ["type", "member"],
          rows: pointers.map { [Escape.code($0.type.description), Escape.code($0.member)] }))
    }
    return page(
      "Types containing \(target) in \(Escape.code(Escape.path(d.file, bytes: d.pathBytes)))",
      d.debugFile, d.typeSource,
      MarkdownTable(
        header: ["type"], rows: (d.containers ?? []).map { [Escape.code($0.description)] }))
  }

  private static func page(
    _ heading: String, _ debugFile: String?, _ typeSource: TypeSource, _ table: MarkdownTable
  ) -> String {
    let out =
      "## \(heading)\n\n"
      + SourceLine.markdownParagraphs(debugFile: debugFile, typeSource: typeSource)
    if table.rows.isEmpty { return out + "None.\n" }
    return out + table.lines.joined(separator: "\n") + "\n"
  }
}
