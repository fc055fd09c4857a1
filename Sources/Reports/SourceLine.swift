import LayoutModel
import ReportSchema

/// The line text reports add when types came from BTF. DWARF is the default, and its
/// reports are unchanged (pahole-exact layouts, existing golden files).
enum SourceLine {
  static let btf = "types from BTF (alignment and packing inferred from member offsets)"
  /// The same as a sentence, for Markdown pages.
  static let btfSentence = "Types" + btf.dropFirst("types".count) + "."

  /// What a Markdown page says under its heading about where the types came from: the
  /// debug file used, and the BTF sentence (each a paragraph, or nothing).
  static func markdownParagraphs(debugFile: String?, typeSource: TypeSource?) -> String {
    var out = ""
    if let debugFile { out += "DWARF from \(Escape.code(debugFile)).\n\n" }
    if applies(typeSource) { out += btfSentence + "\n\n" }
    return out
  }

  /// For a module read without DWARF: where its klp data and struct layouts came from.
  static func symbols(_ r: InspectReport, markdown: Bool) -> String? {
    guard r.variablesFrom == "symbols", let file = r.typesFrom else { return nil }
    let name = markdown ? Escape.code(file) : Escape.text(file)
    let source = r.typeSource == "btf" ? "BTF" : "DWARF"
    return
      "klp data from the symbol table and relocations (no DWARF); klp structs from \(name) (\(source))"
  }

  /// Whether a document's `typeSource` calls for the line.
  static func applies(_ source: TypeSource?) -> Bool { source == .btf }
}
