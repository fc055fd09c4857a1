import ElfDwarf
import Foundation

/// How every input of a command is read: the decompression cap, where separate debug
/// files are looked for, and the file that completes declaration-only types.
public struct InputOptions: Sendable {
  public var limits: ReadLimits
  /// `--debug-dir`: Debian mirror layout, `.build-id`, or a flat directory.
  public var debugDirectories: [String]

  public init(limits: ReadLimits = .standard, debugDirectories: [String] = []) {
    self.limits = limits
    self.debugDirectories = debugDirectories
  }

  public init(maxDecompressed: UInt64, debugDirectories: [String] = []) {
    self.init(limits: ReadLimits(maxDecompressed: maxDecompressed), debugDirectories: debugDirectories)
  }
}

/// An input resolved once per command: the regular-file check, decompression under the
/// cap, the ELF, and the separate debug file when the file itself has no DWARF. Every use
/// case of the command reads this same opened file.
public struct ResolvedInput {
  /// The path as the user gave it.
  public let path: String
  /// The file, with the debug file's DWARF attached when one was found.
  public let file: ElfFile
  /// The debug file used, when not the input itself.
  public var debugFile: String? { file.debugFile?.path }

  /// Resolves `path`. A missing debug file is not an error here: the use cases that
  /// need DWARF say so, naming the file.
  public static func open(_ path: String, options: InputOptions, rawPath: [UInt8]? = nil) throws(FrontendError) -> ResolvedInput {
    let file: ElfFile
    do { file = try ElfFile.open(path, limits: options.limits, rawPath: rawPath) } catch { throw .reading(error) }
    guard !file.hasDWARF, !options.debugDirectories.isEmpty else { return ResolvedInput(path: path, file: file) }
    let finder = DebugFileFinder(directories: options.debugDirectories)
    guard let debug = try finder.debugFile(for: file, options: options) else { return ResolvedInput(path: path, file: file) }
    do { return ResolvedInput(path: path, file: try file.attachingDebugInfo(from: debug)) } catch { throw .reading(error) }
  }

  /// Throws when the input or its debug file changed on disk while being read.
  public func verifyUnchanged() throws(FrontendError) {
    do { try file.verifyUnchanged() } catch { throw .reading(error) }
  }
}

/// `--types-from`: opened once, with the same options.
public func openTypesFrom(_ path: String?, options: InputOptions) throws(FrontendError) -> ElfFile? {
  guard let path else { return nil }
  do { return try ElfFile.open(path, limits: options.limits) } catch { throw .reading(error) }
}
