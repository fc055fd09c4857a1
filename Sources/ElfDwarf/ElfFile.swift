import Foundation

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

  /// What the file was when opened (size, mtime, inode), to notice a change underneath.
  private let identity: FileIdentity?

  private init(
    path: String, image: ElfImage, session: DwarfSession?, identity: FileIdentity?
  ) throws(ElfDwarfError) {
    self.path = path
    self.image = image
    self.session = session
    self.identity = identity
    self.header = try image.header()
    self.sections = try image.sections()
    try checkSectionsWithinFile()
  }

  /// Opens `path`, a plain or wrapped (`.xz`, `.gz`, `.bz2`, `.zst`) ELF file. Throws
  /// `ElfDwarfError` for anything that is not a readable ELF file, and refuses to
  /// decompress more than `limits.maxDecompressed` bytes.
  /// `rawPath`, when given, is the path's exact bytes (a name that is not UTF-8), and
  /// `path` only names the file in messages.
  public static func open(
    _ path: String, limits: ReadLimits = .standard, rawPath: [UInt8]? = nil
  ) throws(ElfDwarfError) -> ElfFile {
    try requireLibelf(path)
    FaultGuard.install()
    let raw = rawPath.map { $0.map { CChar(bitPattern: $0) } + [0] }
    let fd = try FileOpener.openRegularFile(path, raw: raw)
    let magic = FileOpener.prefix(of: fd, count: 16)
    if let format = Compression.detect(magic) {
      defer { close(fd) }
      let bytes = try Decompression.file(fd, as: format, limit: limits.maxDecompressed, path: path)
      return try fromMemory(bytes, path: path, limits: limits)
    }
    let identity = FileIdentity(fd, path: raw ?? path.utf8CString.map { $0 })
    let image = try ElfImage(fd: fd, path: path)
    guard image.isELF else { throw ElfIdent.notELF(magic, path: path) }
    if try CompressedSections.needExpanding(image, limits: limits) {
      return try fromMemory(try image.rawBytes(), path: path, limits: limits)
    }
    let dwflFD = dup(fd)
    guard dwflFD >= 0 else {
      throw .unreadable(file: path, reason: String(cString: strerror(errno)))
    }
    lseek(dwflFD, 0, SEEK_SET)
    let session = try DwarfSession.open(
      path: path, fd: dwflFD, image: nil, hasDebugInfo: image.hasDebugInfo)
    return try ElfFile(path: path, image: image, session: session, identity: identity)
  }

  /// Opens an image already in memory (`name` stands for the path in messages).
  public static func open(
    bytes: [UInt8], name: String, limits: ReadLimits = .standard
  ) throws(ElfDwarfError) -> ElfFile {
    try requireLibelf(name)
    if let format = Compression.detect(Array(bytes.prefix(8))) {
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
    let probe = try bytes.withUnsafeBytes { raw in
      Result { () throws(ElfDwarfError) in
        try ElfImage(bytes: StableBuffer(copying: raw), path: path)
      }
    }.get()
    guard probe.isELF else { throw ElfIdent.notELF(Array(bytes.prefix(16)), path: path) }
    if try CompressedSections.needExpanding(probe, limits: limits) {
      bytes = try ZstdSections.expand(bytes, path: path, limits: limits)
    }
    let (rawCopy, dwflCopy) = bytes.withUnsafeBytes { raw in
      (StableBuffer(copying: raw), StableBuffer(copying: raw))
    }
    let image = try ElfImage(bytes: rawCopy, path: path)
    let session = try DwarfSession.open(
      path: path, fd: nil, image: dwflCopy, hasDebugInfo: image.hasDebugInfo)
    return try ElfFile(path: path, image: image, session: session, identity: nil)
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

  /// Throws when the file on disk is no longer what was opened (truncated, rewritten):
  /// whatever was read from a mapping of it since then cannot be trusted.
  public func verifyUnchanged() throws(ElfDwarfError) {
    if let identity, !identity.stillMatches() {
      throw .changedWhileReading(file: path)
    }
    try debugFile?.verifyUnchanged()
  }

  /// The same file with its DWARF taken from a separate debug file (Debian `-dbg`
  /// packages, Fedora `.build-id/xx/yyyy.debug`): symbols, bytes and relocations stay
  /// this file's.
  public func attachingDebugInfo(from debug: ElfFile) throws(ElfDwarfError) -> ElfFile {
    guard let session = debug.session else {
      throw .noDWARF(file: debug.path, hasBTF: debug.hasBTF)
    }
    let file = try ElfFile(path: path, image: image, session: session, identity: identity)
    file.debugFile = debug
    return file
  }

  /// The GNU build ID (`.note.gnu.build-id`) as lowercase hex, if the file has one.
  public var buildID: String? {
    guard let note = section(named: ".note.gnu.build-id"),
      let bytes = try? contents(of: note.index),
      bytes.count >= 16
    else { return nil }
    func word(_ at: Int) -> Int {
      let b = bytes[at..<at + 4].map(Int.init)
      return header.byteOrder == .little
        ? b[0] | b[1] << 8 | b[2] << 16 | b[3] << 24 : b[3] | b[2] << 8 | b[1] << 16 | b[0] << 24
    }
    let nameSize = word(0)
    let descSize = word(4)
    let descStart = 12 + (nameSize + 3) / 4 * 4
    guard word(8) == 3, descSize > 0, descSize <= 64, descStart + descSize <= bytes.count else {
      return nil
    }
    return bytes[descStart..<descStart + descSize].map { String(format: "%02x", $0) }.joined()
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
