/// The line text reports add when types came from BTF. DWARF is the default, and its
/// reports are unchanged (pahole-exact layouts, existing golden files).
enum SourceLine {
  static let btf = "types from BTF (alignment and packing inferred from member offsets)"
  /// The same as a sentence, for Markdown pages.
  static let btfSentence = "Types" + btf.dropFirst("types".count) + "."

  /// Whether a document's `typeSource` calls for the line.
  static func applies(_ source: String?) -> Bool { source == "btf" }
}
