import LayoutLoader

/// The line text reports add when types came from BTF. DWARF is the default, and its
/// reports are unchanged (pahole-exact layouts, existing golden files).
public enum SourceLine {
  public static let btf = "types from BTF (alignment and packing inferred from member offsets)"

  /// Whether a document's `typeSource` calls for the line.
  public static func applies(_ source: String?) -> Bool { source == TypeSource.btf.rawValue }
}
