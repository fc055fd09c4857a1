import BTF
import ElfDwarf
import LayoutModel
import System

/// Opening a file's types from the source asked for: the one entry point layout,
/// audit, diff, baseline/check and `--types-from` use.
public enum TypeSources {
  /// Opens the types of `path` (for tests and tools without a front door): raw BTF
  /// (magic 0xeB9F) is read as BTF; an ELF file gives its DWARF or its `.BTF` section as
  /// `source` says (`auto`: DWARF if present). `btfBase` is the base for split BTF (a
  /// module's); files in a sys/kernel/btf directory default to the vmlinux beside them
  /// (`BTFFile.defaultBase`). A module whose `.BTF` has a distilled base (`.BTF.base`) is
  /// refused (`BTFError.distilledBase`).
  public static func open(
    _ path: String, source: TypeSource = .auto, btfBase: String? = nil,
    workers: Workers = .allCores
  ) throws(LoaderError) -> any TypeProvider {
    let input = try openInput(path)
    if input.format == .rawBTF {
      guard source != .dwarf else { return try provider(rawBTF: nil, path: path, source: source) }
      let parsed = try parseRawBTF(
        try readRawBTF(input), path: path, btfBase: btfBase, workers: workers)
      return try provider(rawBTF: parsed, path: path, source: source)
    }
    let file: ElfFile
    do { file = try ElfFile.open(input) } catch { throw .reading(error) }
    return try provider(for: file, source: source, btfBase: btfBase, workers: workers)
  }

  /// `path` opened as an input (`InputFile.open`).
  static func openInput(_ path: String) throws(LoaderError) -> InputFile {
    do { return try InputFile.open(FilePath(path)) } catch { throw .reading(.input(error)) }
  }

  /// A raw BTF input's bytes, whole (a kernel's is about 6 MB).
  public static func readRawBTF(_ input: InputFile) throws(LoaderError) -> [UInt8] {
    do { return try input.readAll(limit: UInt64(BTFFile.sizeLimit)) } catch {
      throw .reading(.input(error))
    }
  }

  /// The types of an opened ELF file: its DWARF or its `.BTF` section, as `source` says.
  /// With `index`, a DWARF loader keeps the file's type index in that cache.
  public static func provider(
    for file: ElfFile, source: TypeSource, btfBase: String?, workers: Workers = .allCores,
    index: TypeIndexCache? = nil
  ) throws(LoaderError) -> any TypeProvider {
    switch source {
    case .dwarf:
      guard file.hasDWARF else { throw .reading(.noDWARF(file: file.path, hasBTF: file.hasBTF)) }
      return TypeLoader(file: file, workers: workers, index: index)
    case .auto where file.hasDWARF:
      return TypeLoader(file: file, workers: workers, index: index)
    case .auto where !file.hasBTF:
      throw .reading(.noDWARF(file: file.path, hasBTF: false))
    case .auto, .btf:
      return try elfBTF(file, base: btfBase, workers: workers)
    }
  }

  /// A raw BTF file's bytes (`/sys/kernel/btf/*`, a detached `.BTF`) parsed, split on
  /// `btfBase` (or the sysfs default) when it needs one.
  public static func parseRawBTF(
    _ bytes: [UInt8], path: String, btfBase: String?, workers: Workers = .allCores
  ) throws(LoaderError) -> BTFFile {
    try parseBTF(
      bytes, path: path, base: btfBase ?? BTFFile.defaultBase(for: path), workers: workers)
  }

  /// The types of a raw BTF file, parsed (`parseRawBTF`; nil when `source` is `dwarf`,
  /// which such a file cannot answer).
  public static func provider(
    rawBTF file: BTFFile?, path: String, source: TypeSource, workers: Workers = .allCores
  ) throws(LoaderError) -> any TypeProvider {
    guard source != .dwarf, let file else {
      throw .noTypes(
        file: path, source: .dwarf, reason: "it is a raw BTF file (use --source btf or auto)")
    }
    let loader = BTFTypeLoader(btf: file, path: path)
    loader.workers = workers
    return loader
  }

  /// The `.BTF` section of an ELF file, on `base` when it is split.
  ///
  /// A `.BTF.base` section (a distilled base: what kbuild writes into out-of-tree
  /// modules since Linux 6.11) means the split types refer to that cut-down base, whose
  /// structs have sizes but no members until libbpf 1.5's `btf__relocate` maps them
  /// onto the running kernel's BTF. libbpf 1.1.2 has no relocation: parsing on the
  /// distilled base would show embedded kernel structs empty, and on vmlinux would
  /// misnumber every type, so such a file is refused, saying why.
  public static func elfBTF(
    _ file: ElfFile, base: String?, workers: Workers = .allCores
  ) throws(LoaderError) -> BTFTypeLoader {
    guard let section = file.section(named: ".BTF") else {
      throw .noTypes(
        file: file.path, source: .btf, reason: "no .BTF section (use --source dwarf or auto)")
    }
    if file.section(named: ".BTF.base") != nil { throw .btf(.distilledBase(file: file.path)) }
    let bytes: [UInt8]
    do { bytes = try file.contents(of: section.index) } catch { throw .reading(error) }
    let name = file.path + " (.BTF)"
    let btf = try parseBTF(bytes, path: name, base: base, workers: workers)
    let loader = BTFTypeLoader(
      btf: btf, path: file.path, machine: file.header.machineName,
      pointerSize: Int(file.header.addressSize))
    loader.workers = workers
    return loader
  }

  /// Raw BTF already in memory (`name` stands for the path in messages), without a base.
  public static func rawBTF(
    _ bytes: [UInt8], name: String, workers: Workers = .allCores
  ) throws(LoaderError) -> BTFTypeLoader {
    let loader = BTFTypeLoader(
      btf: try btf { () throws(BTFError) in
        try BTFFile.parse(bytes, path: name, workers: workers)
      }, path: name)
    loader.workers = workers
    return loader
  }

  /// Parses alone first; split BTF (which says so by its string section) then on the
  /// base given, else it is an error saying how to pass one.
  static func parseBTF(
    _ bytes: [UInt8], path: String, base: String?, workers: Workers
  ) throws(LoaderError) -> BTFFile {
    do {
      return try BTFFile.parse(bytes, path: path, workers: workers)
    } catch .needsBase(let file) {
      guard let base else { throw .btf(.needsBase(file: file)) }
      let baseFile = try openBase(base, workers: workers)
      return try btf { () throws(BTFError) in
        try BTFFile.parse(bytes, path: path, base: baseFile, workers: workers)
      }
    } catch {
      throw .btf(error)
    }
  }

  /// A base: raw BTF or an ELF file's `.BTF` (a vmlinux), opened as an input.
  static func openBase(_ path: String, workers: Workers) throws(LoaderError) -> BTFFile {
    let input = try openInput(path)
    if input.format == .rawBTF {
      let bytes = try readRawBTF(input)
      return try btf { () throws(BTFError) in
        try BTFFile.parse(bytes, path: path, workers: workers)
      }
    }
    let file: ElfFile
    do { file = try ElfFile.open(input) } catch { throw .reading(error) }
    guard let section = file.section(named: ".BTF") else {
      throw .noTypes(file: path, source: .btf, reason: "no .BTF section to use as --btf-base")
    }
    let bytes: [UInt8]
    do { bytes = try file.contents(of: section.index) } catch { throw .reading(error) }
    return try btf { () throws(BTFError) in
      try BTFFile.parse(bytes, path: path + " (.BTF)", workers: workers)
    }
  }

  static func btf<T>(_ body: () throws(BTFError) -> T) throws(LoaderError) -> T {
    do { return try body() } catch { throw .btf(error) }
  }
}
