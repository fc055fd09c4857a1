import LayoutLoader
import System

/// The type names a file defines, for shell completion of `-t`: every named struct,
/// union, enum and typedef, each once, sorted. Only the first pass over the units is
/// paid (DWARF; nothing for BTF or a file that cannot be read: a TAB must not fail).
public enum TypeNameListing {
  /// Files larger than this are not read (a debug vmlinux takes seconds).
  public static let maxBytes: UInt64 = 64 << 20

  public static func names(in path: String) -> [String] {
    guard let file = try? InputFile.open(FilePath(path)), file.status.size <= maxBytes,
      let input = try? ResolvedInput.resolve(file, options: InputOptions()),
      let loader = try? input.types() as? TypeLoader, let types = try? loader.definedTypes()
    else { return [] }
    return Set(types.map(\.name)).sorted()
  }
}
