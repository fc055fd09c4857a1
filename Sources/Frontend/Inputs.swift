import BTF
import ElfDwarf
import LayoutLoader
import LayoutModel
import System

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
  /// Threads for reading and laying out one input (`KLP_LAYOUT_JOBS`; 1 inside a
  /// `scan` or `safety` worker, which already runs inputs side by side).
  public var workers = Workers.allCores
  /// Where files' type indexes are kept between runs; nil: none is read or written
  /// (`--no-index`, `KLP_LAYOUT_INDEX=off`, and the batch commands, which read each file
  /// once).
  public var typeIndex: TypeIndexCache?

  public init(limits: ReadLimits = .standard, debugDirectories: [String] = []) {
    self.limits = limits
    self.debugDirectories = debugDirectories
  }

  public init(
    maxDecompressed: UInt64, debugDirectories: [String] = [], budget: MemoryBudget = .unlimited
  ) {
    self.init(
      limits: ReadLimits(maxDecompressed: maxDecompressed, budget: budget),
      debugDirectories: debugDirectories)
  }
}

/// An input resolved once per command: opened as an `InputFile` (regular files only,
/// format told by the first bytes), decompressed under the cap, the ELF (or raw BTF),
/// and the separate debug file when the file itself has no DWARF. Every use case of the
/// command reads this same opened input; `CommandInputs` checks, once, that nothing
/// changed underneath.
public struct ResolvedInput {
  /// The path as the user gave it, for reports (bytes that are not UTF-8 replaced).
  public var path: String { file.path.lossyString }
  /// The path's exact bytes in hex when they are not UTF-8 (JSON's `pathBytes`).
  public var pathBytes: String? { file.path.hexBytesUnlessUTF8 }
  /// The opened file, for its exact path bytes and the changed-while-read check.
  public let file: InputFile
  let options: InputOptions
  private let elf: ElfFile?
  /// The separate debug file, when one was used.
  let debugInput: InputFile?
  /// A raw BTF file (`/sys/kernel/btf/*`, a detached `.BTF`), parsed on first use.
  private let rawBTF: RawBTFInput?

  /// The debug file used, when not the input itself.
  public var debugFile: String? { elf?.debugFile?.path }

  /// Resolves `path`. A missing debug file is not an error here: the use cases that
  /// need DWARF say so, naming the file.
  public static func open(
    _ path: FilePath, options: InputOptions
  ) throws(FrontendError) -> ResolvedInput {
    try resolve(try openFile(path), options: options)
  }

  /// `path` opened as an input file, not read yet.
  static func openFile(_ path: FilePath) throws(FrontendError) -> InputFile {
    do { return try InputFile.open(path, expecting: "an ELF file or raw BTF") } catch {
      throw .input(error)
    }
  }

  /// Reads an opened input file: raw BTF, or an ELF file and its debug file.
  static func resolve(
    _ input: InputFile, options: InputOptions
  ) throws(FrontendError) -> ResolvedInput {
    if input.format == .rawBTF {
      // The bytes, libbpf's copy of them, and the types: reserved before any is taken.
      let held: MemoryBudget.Reservation
      do {
        held = try options.limits.budget.reserve(
          input.status.size &* 4, for: "reading its BTF (the bytes, libbpf's copy, the types)")
      } catch { throw .reading(.outOfMemory(file: input.path.description, error)) }
      let bytes: [UInt8]
      do { bytes = try TypeSources.readRawBTF(input) } catch { throw .loading(error) }
      return ResolvedInput(
        file: input, options: options, elf: nil, debugInput: nil,
        rawBTF: RawBTFInput(
          path: input.path.description, bytes: bytes, btfBase: options.btfBase,
          workers: options.workers, held: held))
    }
    let file: ElfFile
    do { file = try ElfFile.open(input, limits: options.limits) } catch { throw .reading(error) }
    guard !file.hasDWARF, !options.debugDirectories.isEmpty else {
      return ResolvedInput(file: input, options: options, elf: file, debugInput: nil, rawBTF: nil)
    }
    let finder = DebugFileFinder(directories: options.debugDirectories)
    guard let (debugInput, debug) = try finder.debugFile(for: file, options: options) else {
      return ResolvedInput(file: input, options: options, elf: file, debugInput: nil, rawBTF: nil)
    }
    do {
      return ResolvedInput(
        file: input, options: options, elf: try file.attachingDebugInfo(from: debug),
        debugInput: debugInput, rawBTF: nil)
    } catch { throw .reading(error) }
  }

  /// `open` of a path given as text (on the command line: `FilePath(argument:)`).
  public static func open(
    _ path: String, options: InputOptions
  ) throws(FrontendError) -> ResolvedInput {
    try open(FilePath(argument: path), options: options)
  }

  /// The ELF file, for what only an ELF file has (symbols, relocations, `.modinfo`).
  public func elfFile() throws(FrontendError) -> ElfFile {
    guard let elf else {
      throw .reading(
        .notELF(file: path, found: "raw BTF (it has types, but no symbols or klp data)"))
    }
    return elf
  }

  /// Whether the input is a relocatable ELF file (an object or module: where livepatch
  /// metadata lives; a vmlinux or raw BTF has none).
  public var isModule: Bool { elf?.header.isRelocatable == true }

  /// The input's types, from the source `--source` picks (or `source`, when given;
  /// `--btf-base` for split BTF).
  public func types(source: TypeSource? = nil) throws(FrontendError) -> any TypeProvider {
    let source = source ?? options.typeSource
    if let rawBTF {
      do {
        return try TypeSources.provider(
          rawBTF: source == .dwarf ? nil : try rawBTF.file(), path: path, source: source,
          workers: options.workers)
      } catch { throw .loading(error) }
    }
    let elf = try elfFile()
    do {
      return try TypeSources.provider(
        for: elf, source: source, btfBase: options.btfBase, workers: options.workers,
        index: options.typeIndex)
    } catch { throw .loading(error) }
  }
}
