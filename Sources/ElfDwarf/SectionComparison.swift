#if canImport(Glibc)
  import Glibc
#endif
import System
internal import CElfutils

extension ElfFile {
  /// Whether two plain (not wrapped) ELF inputs have the same ELF header, the same
  /// sections (by index, name and type), and for every section `compared` selects the
  /// same header (all but the file offset) and the same stored bytes. Nothing is parsed beyond the section table and no
  /// DWARF is opened: a cheap look before paying for a file's types. Files libelf cannot
  /// take, wrapped ones, and sections past the end of a file are "not the same"; the
  /// full reading then says what is wrong with them.
  public static func sameSections(
    _ a: InputFile, _ b: InputFile, compared: (ElfSection, [ElfSection]) -> Bool
  ) throws(ElfDwarfError) -> Bool {
    guard libelfInitialized, a.format == .elf, b.format == .elf else { return false }
    let first = try ElfImage(a)
    let second = try ElfImage(b)
    guard first.isELF, second.isELF else { return false }
    guard let left = try? first.sections(), let right = try? second.sections(),
      let leftHeader = try? first.header(), let rightHeader = try? second.header(),
      leftHeader == rightHeader, left.count == right.count
    else { return false }
    for (x, y) in zip(left, right) {
      // A section left out may differ in size and flags too (a longer `.BTF`).
      guard x.index == y.index, x.name == y.name, x.type == y.type else { return false }
      if !compared(x, left) { continue }
      guard Self.sameHeader(x, y) else { return false }
      if x.isNoBits || x.size == 0 { continue }
      guard first.rawBytesEqual(x, in: second, y) else { return false }
    }
    return true
  }

  private static func sameHeader(_ x: ElfSection, _ y: ElfSection) -> Bool {
    x.index == y.index && x.name == y.name && x.type == y.type && x.flags == y.flags
      && x.address == y.address && x.size == y.size && x.link == y.link && x.info == y.info
      && x.entrySize == y.entrySize
  }
}

extension ElfImage {
  /// Whether `section` here and `other` in `image` hold the same stored bytes (as in
  /// the file: compressed sections compared compressed). False when either lies past
  /// the end of its file.
  func rawBytesEqual(_ section: ElfSection, in image: ElfImage, _ other: ElfSection) -> Bool {
    guard let mine = rawBytes(of: section), let theirs = image.rawBytes(of: other),
      mine.count == theirs.count
    else { return false }
    return mine.count == 0 || memcmp(mine.baseAddress!, theirs.baseAddress!, mine.count) == 0
  }

  private func rawBytes(of section: ElfSection) -> UnsafeRawBufferPointer? {
    let end = section.offset.addingReportingOverflow(section.size)
    guard !end.overflow, end.partialValue <= fileSize,
      let scn = elf_getscn(elf, section.index.rawValue), let data = elf_rawdata(scn, nil)
    else { return nil }
    guard let buffer = data.pointee.d_buf else {
      return data.pointee.d_size == 0 ? UnsafeRawBufferPointer(start: nil, count: 0) : nil
    }
    return UnsafeRawBufferPointer(start: buffer, count: data.pointee.d_size)
  }
}
