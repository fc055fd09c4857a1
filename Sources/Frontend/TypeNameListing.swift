import LayoutLoader
import LayoutModel
import System

/// The type names a file defines, for shell completion of `-t`: every named struct,
/// union, enum and typedef, each once, sorted. A TAB must never fail or wait long: a
/// file that cannot be read gives nothing; DWARF is listed from the file's type index
/// (`TypeIndexCache`: tens of milliseconds for a debug vmlinux), or from a pass that
/// makes and stores one when it is done within `scanBound`, and nothing when not; BTF
/// is listed from its names directly.
public enum TypeNameListing {
  /// How long a listing may read a file that has no index yet.
  public static let scanBound = Duration.seconds(5)
  /// A compressed file is decompressed whole before anything is read from it: only
  /// small ones (modules) are.
  public static let maxCompressedBytes: UInt64 = 16 << 20

  public static func names(in path: String, index: TypeIndexCache?) -> [String] {
    guard let file = try? InputFile.open(FilePath(path)) else { return [] }
    if case .compressed = file.format, file.status.size > maxCompressedBytes { return [] }
    var options = InputOptions()
    options.typeIndex = index
    guard let input = try? ResolvedInput.resolve(file, options: options),
      let provider = try? input.types()
    else { return [] }
    let types: [TypeSpec]?
    switch provider {
    case let dwarf as TypeLoader:
      types = try? dwarf.definedTypes(finishingBy: .now + scanBound)
    case let btf as BTFTypeLoader:
      types = btf.definedTypes()
    default:
      types = nil
    }
    return Set((types ?? []).map(\.name)).sorted()
  }
}
