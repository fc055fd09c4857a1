import BTF
import ElfDwarf
import Foundation
import LayoutLoader

/// How every input of a command is read: the decompression cap, where separate debug
/// files are looked for, and the file that completes declaration-only types.
public struct InputOptions: Sendable {
  public var limits: ReadLimits
  /// `--debug-dir`: Debian mirror layout, `.build-id`, or a flat directory.
  public var debugDirectories: [String]
  /// `--source`: DWARF, BTF, or DWARF when present.
  public var typeSource: TypeSource = .auto
  /// `--btf-base`: the base of split BTF (a module's).
  public var btfBase: String?

  public init(limits: ReadLimits = .standard, debugDirectories: [String] = []) {
    self.limits = limits
    self.debugDirectories = debugDirectories
  }

  public init(maxDecompressed: UInt64, debugDirectories: [String] = []) {
    self.init(
      limits: ReadLimits(maxDecompressed: maxDecompressed), debugDirectories: debugDirectories)
  }
}

/// An input resolved once per command: the regular-file check, decompression under the
/// cap, the ELF (or raw BTF), and the separate debug file when the file itself has no
/// DWARF. Every use case of the command reads this same opened input.
public struct ResolvedInput {
  /// The path as the user gave it.
  public let path: String
  let options: InputOptions
  private let elf: ElfFile?
  /// A raw BTF file (`/sys/kernel/btf/*`, a detached `.BTF`), parsed on first use.
  private let rawBTF: RawBTFInput?

  /// The debug file used, when not the input itself.
  public var debugFile: String? { elf?.debugFile?.path }

  /// Resolves `path`. A missing debug file is not an error here: the use cases that
  /// need DWARF say so, naming the file.
  public static func open(
    _ path: String, options: InputOptions, rawPath: [UInt8]? = nil
  ) throws(FrontendError) -> ResolvedInput {
    if rawPath == nil, BTFFile.fileIsBTF(path) {
      let bytes: [UInt8]
      do { bytes = try BTFFile.read(path) } catch { throw .loading(.btf(error)) }
      return ResolvedInput(
        path: path, options: options, elf: nil,
        rawBTF: RawBTFInput(path: path, bytes: bytes, btfBase: options.btfBase))
    }
    let file: ElfFile
    do { file = try ElfFile.open(path, limits: options.limits, rawPath: rawPath) } catch {
      throw .reading(error)
    }
    guard !file.hasDWARF, !options.debugDirectories.isEmpty else {
      return ResolvedInput(path: path, options: options, elf: file, rawBTF: nil)
    }
    let finder = DebugFileFinder(directories: options.debugDirectories)
    guard let debug = try finder.debugFile(for: file, options: options) else {
      return ResolvedInput(path: path, options: options, elf: file, rawBTF: nil)
    }
    do {
      return ResolvedInput(
        path: path, options: options, elf: try file.attachingDebugInfo(from: debug), rawBTF: nil)
    } catch { throw .reading(error) }
  }

  /// The ELF file, for what only an ELF file has (symbols, relocations, `.modinfo`).
  public func elfFile() throws(FrontendError) -> ElfFile {
    guard let elf else {
      throw .reading(
        .notELF(file: path, found: "raw BTF (it has types, but no symbols or klp data)"))
    }
    return elf
  }

  /// The input's types, from the source `--source` picks (`--btf-base` for split BTF).
  public func types() throws(FrontendError) -> any TypeProvider {
    do {
      if let rawBTF {
        return try TypeSources.provider(
          rawBTF: options.typeSource == .dwarf ? nil : try rawBTF.file(), path: path,
          source: options.typeSource)
      }
      return try TypeSources.provider(
        for: try elfFile(), source: options.typeSource, btfBase: options.btfBase)
    } catch let error as LoaderError {
      throw .loading(error)
    } catch let error as FrontendError {
      throw error
    } catch {
      preconditionFailure("unexpected error type: \(error)")
    }
  }

  /// Throws when the input or its debug file changed on disk while being read.
  public func verifyUnchanged() throws(FrontendError) {
    do { try elf?.verifyUnchanged() } catch { throw .reading(error) }
  }
}

/// `--types-from`: opened once, with the same options, its types from DWARF when it has
/// them, else BTF (`/sys/kernel/btf/vmlinux` works).
public func openTypesFrom(
  _ path: String?, options: InputOptions
) throws(FrontendError) -> (any TypeProvider)? {
  guard let path else { return nil }
  var auto = options
  auto.typeSource = .auto
  return try ResolvedInput.open(path, options: auto).types()
}
