import System
internal import CElfutils

/// The raw, unrelocated ELF image of a file, read through libelf.
///
/// Symbols, section bytes and relocation entries come from here, never from the libdwfl
/// handle: libdwfl applies `.rela.*` to its own copy and empties those sections.
final class ElfImage {
  let path: String
  let elf: OpaquePointer
  /// Keeps the memory behind `elf_memory` images alive as long as `elf`.
  private let backing: StableBuffer?
  /// Keeps the descriptor libelf maps the file through open as long as `elf`.
  private let input: InputFile?

  /// Opens a plain file on disk, mapped (wrapped files are decompressed by
  /// `Decompression` under the cap, never by libdwelf, which would expand them whole).
  init(_ input: InputFile) throws(ElfDwarfError) {
    path = input.path.description
    guard let elf = elf_begin(input.descriptor.rawValue, ELF_C_READ_MMAP, nil) else {
      throw ElfImage.libelfError(path, "elf_begin")
    }
    self.elf = elf
    self.input = input
    self.backing = nil
  }

  /// Wraps an in-memory image (a decompressed `.ko.zst`, a rewritten image).
  init(bytes: StableBuffer, path: String) throws(ElfDwarfError) {
    let raw = bytes.pointer.baseAddress!.assumingMemoryBound(to: CChar.self)
    guard let elf = elf_memory(raw, bytes.count) else {
      throw ElfImage.libelfError(path, "elf_memory")
    }
    self.path = path
    self.elf = elf
    self.input = nil
    self.backing = bytes
  }

  deinit { elf_end(elf) }

  static func libelfError(_ path: String, _ call: String) -> ElfDwarfError {
    .library(file: path, call: call, message: LibraryMessage.elf)
  }

  /// Whether libelf recognized an ELF object (not an archive, not random bytes).
  var isELF: Bool { elf_kind(elf) == ELF_K_ELF }

  /// The size of the image libelf reads (the file, or the memory image).
  var fileSize: UInt64 {
    var size = 0
    _ = elf_rawfile(elf, &size)
    return UInt64(size)
  }

  /// Whether a non-empty `.debug_info` section is there: without one, libdwfl's
  /// failure to find DWARF means "stripped"; with one, it is a real error.
  var hasDebugInfo: Bool {
    guard let sections = try? sections() else { return false }
    return sections.contains {
      ($0.name == ".debug_info" || $0.name == ".zdebug_info") && $0.size > 0 && !$0.isNoBits
    }
  }

  func header() throws(ElfDwarfError) -> ElfHeader {
    var ehdr = GElf_Ehdr()
    guard gelf_getehdr(elf, &ehdr) != nil else {
      throw ElfImage.libelfError(path, "gelf_getehdr")
    }
    let ident = ehdr.e_ident
    let addressSize: Int
    switch ident.4 {
    case UInt8(ELFCLASS32): addressSize = 4
    case UInt8(ELFCLASS64): addressSize = 8
    default: throw .malformedELF(file: path, reason: "EI_CLASS is \(ident.4), expected 1 or 2")
    }
    let order: ByteOrder
    switch ident.5 {
    case UInt8(ELFDATA2LSB): order = .little
    case UInt8(ELFDATA2MSB): order = .big
    default: throw .malformedELF(file: path, reason: "EI_DATA is \(ident.5), expected 1 or 2")
    }
    // The section header table is at the end of the file: a cut-off file loses it
    // first, and libelf then shows no sections at all, which would read as "stripped".
    let tableEnd = ehdr.e_shoff.addingReportingOverflow(
      UInt64(max(ehdr.e_shnum, 1)) &* UInt64(ehdr.e_shentsize))
    if ehdr.e_shoff != 0 && (tableEnd.overflow || tableEnd.partialValue > fileSize) {
      throw .truncated(
        file: path,
        reason:
          "the section header table ends at byte \(tableEnd.overflow ? UInt64.max : tableEnd.partialValue), the file has \(fileSize) bytes"
      )
    }
    return ElfHeader(
      addressSize: addressSize, byteOrder: order, machine: ehdr.e_machine, type: ehdr.e_type,
      flags: ehdr.e_flags)
  }

  func sections() throws(ElfDwarfError) -> [ElfSection] {
    var shstrndx = 0
    guard elf_getshdrstrndx(elf, &shstrndx) == 0 else {
      throw ElfImage.libelfError(path, "elf_getshdrstrndx")
    }
    var result: [ElfSection] = []
    var scn = elf_nextscn(elf, nil)
    while let current = scn {
      var shdr = GElf_Shdr()
      guard gelf_getshdr(current, &shdr) != nil else {
        throw ElfImage.libelfError(path, "gelf_getshdr")
      }
      let name = elf_strptr(elf, shstrndx, Int(shdr.sh_name)).map { String(cString: $0) } ?? ""
      result.append(
        ElfSection(
          index: SectionIndex(Int(elf_ndxscn(current))), name: name, type: shdr.sh_type,
          flags: shdr.sh_flags, address: shdr.sh_addr, offset: shdr.sh_offset,
          size: shdr.sh_size, link: shdr.sh_link, info: shdr.sh_info,
          entrySize: shdr.sh_entsize))
      scn = elf_nextscn(elf, current)
    }
    return result
  }

  /// The bytes of a section as stored (decompressed if `SHF_COMPRESSED` with zlib).
  /// `SHT_NOBITS` sections have no bytes: callers read them as zeros.
  func contents(of index: SectionIndex) throws(ElfDwarfError) -> [UInt8] {
    guard let scn = elf_getscn(elf, index.rawValue) else {
      throw ElfImage.libelfError(path, "elf_getscn(\(index.rawValue))")
    }
    guard let data = elf_getdata(scn, nil) else {
      throw ElfImage.libelfError(path, "elf_getdata(section \(index.rawValue))")
    }
    guard let buf = data.pointee.d_buf, data.pointee.d_size > 0 else { return [] }
    return Array(UnsafeRawBufferPointer(start: buf, count: data.pointee.d_size))
  }

  /// Every symbol of the first `SHT_SYMTAB` section (empty when stripped of it).
  func symbols(in sections: [ElfSection]) throws(ElfDwarfError) -> [ElfSymbol] {
    guard let symtab = sections.first(where: { $0.type == UInt32(SHT_SYMTAB) }),
      let scn = elf_getscn(elf, symtab.index.rawValue),
      let data = elf_getdata(scn, nil)
    else { return [] }
    let xindexData = sections.first {
      $0.type == UInt32(SHT_SYMTAB_SHNDX) && $0.link == UInt32(symtab.index.rawValue)
    }
    .flatMap { elf_getscn(elf, $0.index.rawValue) }.flatMap { elf_getdata($0, nil) }
    let entrySize = symtab.entrySize > 0 ? symtab.entrySize : 1
    let count = Int(clamping: symtab.size / entrySize)
    var result: [ElfSymbol] = []
    result.reserveCapacity(min(count, 1 << 20))
    for i in 0..<count {
      var sym = GElf_Sym()
      var xndx: GElf_Word = 0
      guard gelf_getsymshndx(data, xindexData, Int32(clamping: i), &sym, &xndx) != nil else {
        break
      }
      let shndx = sym.st_shndx == UInt16(SHN_XINDEX) ? UInt32(xndx) : UInt32(sym.st_shndx)
      let name =
        elf_strptr(elf, Int(symtab.link), Int(sym.st_name)).map { String(cString: $0) } ?? ""
      let defined =
        shndx != 0 && shndx < UInt32(SHN_LORESERVE) || sym.st_shndx == UInt16(SHN_XINDEX)
      result.append(
        ElfSymbol(
          index: SymbolIndex(i), name: name, value: sym.st_value, size: sym.st_size,
          type: celfutils_st_type(sym.st_info), binding: celfutils_st_bind(sym.st_info),
          section: defined ? SectionIndex(Int(shndx)) : nil, rawSectionIndex: shndx))
    }
    return result
  }

  /// The entries of one `SHT_REL`/`SHT_RELA` section.
  func relocations(in section: ElfSection) throws(ElfDwarfError) -> [Relocation] {
    guard let scn = elf_getscn(elf, section.index.rawValue), let data = elf_getdata(scn, nil) else {
      throw ElfImage.libelfError(path, "elf_getdata(\(section.name))")
    }
    let entrySize = section.entrySize > 0 ? section.entrySize : 1
    let count = Int(clamping: section.size / entrySize)
    var result: [Relocation] = []
    result.reserveCapacity(min(count, 1 << 20))
    for i in 0..<count {
      if section.isRela {
        var rela = GElf_Rela()
        guard gelf_getrela(data, Int32(clamping: i), &rela) != nil else { break }
        result.append(
          Relocation(
            offset: rela.r_offset, type: UInt32(truncatingIfNeeded: celfutils_r_type(rela.r_info)),
            symbol: SymbolIndex(Int(clamping: celfutils_r_sym(rela.r_info))),
            explicitAddend: rela.r_addend))
      } else {
        var rel = GElf_Rel()
        guard gelf_getrel(data, Int32(clamping: i), &rel) != nil else { break }
        result.append(
          Relocation(
            offset: rel.r_offset, type: UInt32(truncatingIfNeeded: celfutils_r_type(rel.r_info)),
            symbol: SymbolIndex(Int(clamping: celfutils_r_sym(rel.r_info))),
            explicitAddend: nil))
      }
    }
    return result
  }
}

@available(*, unavailable)
extension ElfImage: Sendable {}

/// libelf refuses every call until told which ELF version the caller speaks; a global
/// `let` runs this exactly once, thread-safely.
let libelfInitialized: Bool = elf_version(UInt32(EV_CURRENT)) != UInt32(EV_NONE)
