import System

/// One ELF file opened for reading: its raw image (symbols, section bytes, relocations)
/// and, when present, its DWARF (relocated by libdwfl for `ET_REL`).
///
/// Accepts plain files and `.xz`/`.gz`/`.bz2`/`.zst`-wrapped ones, and files whose debug
/// sections are zlib- or zstd-compressed. Never writes to the input.
public final class ElfFile {
  /// The path as given.
  public let path: String
  /// The ELF header facts.
  public let header: ElfHeader
  /// The section header table.
  public let sections: [ElfSection]
  private let image: ElfImage
  private let session: DwarfSession?
  private var cachedSymbols: [ElfSymbol]?
  /// The separate file the DWARF came from, when attached.
  public private(set) var debugFile: ElfFile?
  /// What `fstat` said of the file when it was opened (nil for an image in memory):
  /// with the build ID, what names this file's DWARF in the type-index cache.
  public private(set) var inputStatus: FileStatus?
  /// What reading it holds of the run's memory budget (`ReadingCost`), given back
  /// when it goes.
  private var held: [MemoryBudget.Reservation] = []

  private init(path: String, image: ElfImage, session: DwarfSession?) throws(ElfDwarfError) {
    self.path = path
    self.image = image
    self.session = session
    self.header = try image.header()
    self.sections = try image.sections()
    try checkSectionsWithinFile()
  }

  /// Opens `path`, a plain or wrapped (`.xz`, `.gz`, `.bz2`, `.zst`) ELF file, as an input
  /// (`InputFile.open`). For callers without a front door (tests, tools).
  public static func open(
    _ path: String, limits: ReadLimits = .standard
  ) throws(ElfDwarfError) -> ElfFile {
    let input: InputFile
    do { input = try InputFile.open(FilePath(path)) } catch { throw .input(error) }
    return try open(input, limits: limits)
  }

  /// Reads `input`, a plain or wrapped (`.xz`, `.gz`, `.bz2`, `.zst`) ELF file. Throws
  /// `ElfDwarfError` for anything that is not a readable ELF file, and refuses to
  /// decompress more than `limits.maxDecompressed` bytes. The file is read through the
  /// input's descriptor (libelf maps it), so `input` lives as long as this value.
  public static func open(
    _ input: InputFile, limits: ReadLimits = .standard
  ) throws(ElfDwarfError) -> ElfFile {
    let file = try read(input, limits: limits)
    file.inputStatus = input.status
    return file
  }

  private static func read(
    _ input: InputFile, limits: ReadLimits
  ) throws(ElfDwarfError) -> ElfFile {
    let path = input.path.description
    try requireLibelf(path)
    if case .compressed(let format) = input.format {
      let (bytes, decompressed) = try Decompression.file(
        input, as: format, limit: limits.maxDecompressed, limits: limits)
      defer { decompressed.release() }
      return try fromMemory(bytes, path: path, limits: limits)
    }
    let mapping = try ReadingCost.mapping(input.status.size, path: path, limits: limits)
    let image = try ElfImage(input)
    guard image.isELF else { throw ElfIdent.notELF(input.prefix, path: path) }
    let compressed = try CompressedSections.needExpanding(image, limits: limits)
    if compressed.zstd {
      let raw = try ReadingCost.reserve(
        input.status.size, for: "copying the file to expand its sections", path: path,
        limits: limits)
      defer { raw.release() }
      return try fromMemory(try image.rawBytes(), path: path, limits: limits)
    }
    let dwflDescriptor: FileDescriptor
    do { dwflDescriptor = try input.descriptor.duplicate() } catch {
      throw .input(.unreadable(path: input.path, reason: error))
    }
    let session = try DwarfSession.open(
      path: path, fd: dwflDescriptor.rawValue, image: nil, hasDebugInfo: image.hasDebugInfo)
    let file = try ElfFile(path: path, image: image, session: session)
    file.held = [
      mapping,
      try ReadingCost.dwarf(file.sections, expanded: compressed.total, path: path, limits: limits),
    ]
    return file
  }

  /// Opens an image already in memory (`name` stands for the path in messages).
  public static func open(
    bytes: [UInt8], name: String, limits: ReadLimits = .standard
  ) throws(ElfDwarfError) -> ElfFile {
    try requireLibelf(name)
    if case .compressed(let format) = InputFormat(prefix: bytes.prefix(8)) {
      let expanded = try bytes.withUnsafeBytes { raw in
        Result { () throws(ElfDwarfError) in
          try Decompression.buffer(
            raw, as: format, limit: limits.maxDecompressed, path: name, what: "the image")
        }
      }.get()
      return try fromMemory(expanded, path: name, limits: limits)
    }
    return try fromMemory(bytes, path: name, limits: limits)
  }

  private static func requireLibelf(_ path: String) throws(ElfDwarfError) {
    guard libelfInitialized else {
      throw .library(file: path, call: "elf_version", message: "libelf does not support EV_CURRENT")
    }
  }

  /// Builds both handles over private copies of an in-memory image, first expanding any
  /// zstd-compressed sections (libelf 0.188 cannot).
  private static func fromMemory(
    _ bytes: [UInt8], path: String, limits: ReadLimits
  ) throws(ElfDwarfError) -> ElfFile {
    var bytes = bytes
    let copies = try ReadingCost.image(bytes.count, path: path, limits: limits)
    let probe = try bytes.withUnsafeBytes { raw in
      Result { () throws(ElfDwarfError) in
        try ElfImage(bytes: StableBuffer(copying: raw), path: path)
      }
    }.get()
    guard probe.isELF else { throw ElfIdent.notELF(Array(bytes.prefix(16)), path: path) }
    var expanded: MemoryBudget.Reservation?
    let compressed = try CompressedSections.needExpanding(probe, limits: limits)
    if compressed.zstd {
      // The image grows by what the sections inflate to; its copies with it.
      expanded = try ReadingCost.image(
        Int(clamping: compressed.total), path: path, limits: limits)
      bytes = try ZstdSections.expand(bytes, path: path, limits: limits)
    }
    let (rawCopy, dwflCopy) = bytes.withUnsafeBytes { raw in
      (StableBuffer(copying: raw), StableBuffer(copying: raw))
    }
    let image = try ElfImage(bytes: rawCopy, path: path)
    let session = try DwarfSession.open(
      path: path, fd: nil, image: dwflCopy, hasDebugInfo: image.hasDebugInfo)
    let file = try ElfFile(path: path, image: image, session: session)
    file.held =
      [
        copies,
        try ReadingCost.dwarf(
          file.sections, expanded: compressed.zstd ? 0 : compressed.total, path: path,
          limits: limits),
      ] + (expanded.map { [$0] } ?? [])
    return file
  }

  /// Every section with bytes in the file must end inside it: a cut-off file is said to
  /// be truncated, where, instead of reading as "no DWARF".
  private func checkSectionsWithinFile() throws(ElfDwarfError) {
    let size = image.fileSize
    for section in sections where !section.isNoBits && section.size > 0 {
      let end = section.offset.addingReportingOverflow(section.size)
      if end.overflow || end.partialValue > size {
        throw .truncated(
          file: path,
          reason:
            "section \(section.name.isEmpty ? "#\(section.index.rawValue)" : section.name) ends at byte \(end.overflow ? UInt64.max : end.partialValue), the file has \(size) bytes"
        )
      }
    }
  }

  /// The same file with its DWARF taken from a separate debug file (Debian `-dbg`
  /// packages, Fedora `.build-id/xx/yyyy.debug`): symbols, bytes and relocations stay
  /// this file's.
  public func attachingDebugInfo(from debug: ElfFile) throws(ElfDwarfError) -> ElfFile {
    guard let session = debug.session else {
      throw .noDWARF(file: debug.path, hasBTF: debug.hasBTF)
    }
    let file = try ElfFile(path: path, image: image, session: session)
    file.debugFile = debug
    return file
  }

  /// The GNU build ID as lowercase hex, if the file has one: the `NT_GNU_BUILD_ID` note
  /// of owner "GNU" in any note section (`.note.gnu.build-id` in modules and user
  /// programs; a vmlinux keeps all its notes in `.notes`).
  public var buildID: String? {
    for section in sections where section.type == 7 /* SHT_NOTE */ && !section.isNoBits {
      guard let bytes = try? contents(of: section.index) else { continue }
      if let id = Self.gnuBuildID(in: bytes, byteOrder: header.byteOrder) { return id }
    }
    return nil
  }

  /// The build ID among the notes `bytes` hold (each a name size, description size and
  /// type, then the name and the description, each padded to four bytes).
  static func gnuBuildID(in bytes: [UInt8], byteOrder: ByteOrder) -> String? {
    func word(_ at: Int) -> Int {
      let b = bytes[at..<at + 4].map(Int.init)
      return byteOrder == .little
        ? b[0] | b[1] << 8 | b[2] << 16 | b[3] << 24 : b[3] | b[2] << 8 | b[1] << 16 | b[0] << 24
    }
    var at = 0
    while at + 12 <= bytes.count {
      let (nameSize, descSize, type) = (word(at), word(at + 4), word(at + 8))
      let nameStart = at + 12
      let descStart = nameStart + (nameSize + 3) / 4 * 4
      let next = descStart + (descSize + 3) / 4 * 4
      guard nameSize <= bytes.count, descSize <= bytes.count, next <= bytes.count else {
        return nil
      }
      if type == 3, nameSize == 4, bytes[nameStart..<nameStart + 4].elementsEqual("GNU\0".utf8),
        descSize > 0, descSize <= 64
      {
        return bytes[descStart..<descStart + descSize].lowercaseHex
      }
      at = next
    }
    return nil
  }

  /// Whether the file carries DWARF debug information.
  public var hasDWARF: Bool { session != nil }

  /// Whether the file has a `.BTF` section (said in the error for stripped modules).
  public var hasBTF: Bool { sections.contains { $0.name == ".BTF" } }

  /// The section called `name`, if any (the first one, for repeated names).
  public func section(named name: String) -> ElfSection? {
    sections.first { $0.name == name }
  }

  /// The section at `index`, if it exists.
  public func section(at index: SectionIndex) -> ElfSection? {
    sections.first { $0.index == index }
  }

  /// The unrelocated bytes of a section; empty for `SHT_NOBITS`.
  public func contents(of index: SectionIndex) throws(ElfDwarfError) -> [UInt8] {
    try image.contents(of: index)
  }

  /// The symbol table, read once.
  public func symbols() throws(ElfDwarfError) -> [ElfSymbol] {
    if let cachedSymbols { return cachedSymbols }
    let read = try image.symbols(in: sections)
    cachedSymbols = read
    return read
  }

  /// Every relocation that applies to the section at `target`, from all REL/RELA
  /// sections whose `sh_info` names it, sorted by offset.
  public func relocations(applyingTo target: SectionIndex) throws(ElfDwarfError) -> [Relocation] {
    var result: [Relocation] = []
    for section in sections
    where (section.isRela || section.isRel) && Int(section.info) == target.rawValue {
      result += try image.relocations(in: section)
    }
    return result.sorted { $0.offset < $1.offset }
  }

  /// The entries of one `SHT_REL`/`SHT_RELA` section, in file order (a `.klp.rela.*`
  /// section, say, apart from the `.rela.*` section that applies to the same target).
  public func relocations(in section: ElfSection) throws(ElfDwarfError) -> [Relocation] {
    guard section.isRela || section.isRel else { return [] }
    return try image.relocations(in: section)
  }

  func dwarfSession() throws(ElfDwarfError) -> DwarfSession {
    guard let session else { throw .noDWARF(file: path, hasBTF: hasBTF) }
    return session
  }

  /// The offsets of every unit DIE (compile and partial units), in file order.
  public func unitOffsets() throws(ElfDwarfError) -> [DIEOffset] {
    try dwarfSession().unitOffsets()
  }

  /// The entry at `offset`.
  public func die(at offset: DIEOffset) throws(ElfDwarfError) -> DIE {
    try dwarfSession().die(at: offset)
  }

  /// The direct children of the entry at `offset`.
  public func children(of offset: DIEOffset) throws(ElfDwarfError) -> [DIE] {
    try dwarfSession().children(of: offset)
  }
}

@available(*, unavailable)
extension ElfFile: Sendable {}
