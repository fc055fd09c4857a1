import LayoutModel

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

  /// Whether a document's `typeSource` calls for the line.
  static func applies(_ source: TypeSource?) -> Bool { source == .btf }
}
