import System
internal import CElfutils

/// Sections compressed with `ELFCOMPRESS_ZSTD` (`objcopy --compress-debug-sections=zstd`,
/// `gcc -gz=zstd`), which libelf 0.188 cannot decompress.
///
/// They are expanded by rewriting the image with libelf itself: the image goes into an
/// anonymous memory file, each such section gets its decompressed bytes and loses
/// `SHF_COMPRESSED`, and `elf_update` lays the file out again. The result is an ordinary
/// ELF image that libdwfl relocates as usual. The input file is never touched.
enum ZstdSections {
  static let shfCompressed: UInt64 = 0x800
  static let elfcompressZstd: UInt32 = 2

  /// Returns `bytes` with every zstd section decompressed.
  static func expand(
    _ bytes: [UInt8], path: String, limits: ReadLimits
  ) throws(ElfDwarfError) -> [UInt8] {
    let fd = celfutils_memfd("klp-layout-image")
    guard fd >= 0 else {
      throw .unreadable(file: path, reason: "memfd_create: \(Errno.current)")
    }
    let memory = FileDescriptor(rawValue: fd)
    defer { memory.close() }
    do { try memory.writeAll(bytes) } catch {
      throw .unreadable(file: path, reason: "cannot stage the image in memory: \(error)")
    }
    guard let elf = elf_begin(fd, ELF_C_RDWR, nil) else {
      throw ElfImage.libelfError(path, "elf_begin(ELF_C_RDWR)")
    }
    var keepAlive: [StableBuffer] = []
    defer { elf_end(elf) }
    var scn = elf_nextscn(elf, nil)
    while let current = scn {
      if let buffer = try expandSection(current, elf: elf, path: path, limits: limits) {
        keepAlive.append(buffer)
      }
      scn = elf_nextscn(elf, current)
    }
    guard elf_update(elf, ELF_C_WRITE) >= 0 else {
      throw ElfImage.libelfError(path, "elf_update")
    }
    // The rewritten image holds the original plus the expanded sections.
    let cap = limits.maxDecompressed.addingReportingOverflow(UInt64(bytes.count))
    return try readBack(memory, path: path, limit: cap.overflow ? .max : cap.partialValue)
  }

  /// The rewritten image, whole.
  private static func readBack(
    _ memory: FileDescriptor, path: String, limit: UInt64
  ) throws(ElfDwarfError) -> [UInt8] {
    let size: UInt64
    do { size = try memory.status().size } catch {
      throw .unreadable(file: path, reason: error.description)
    }
    guard size <= limit else {
      throw .tooLarge(file: path, what: "the expanded image", size: size, limit: limit)
    }
    let bytes: [UInt8]?
    do { bytes = try memory.read(exactly: Int(size), at: 0) } catch {
      throw .unreadable(file: path, reason: error.description)
    }
    guard let bytes else {
      throw .unreadable(file: path, reason: "the expanded image is cut short")
    }
    return bytes
  }

  /// Replaces one section's data by its decompressed bytes; returns the buffer that
  /// libelf now points at, or nil when the section is not zstd-compressed.
  private static func expandSection(
    _ scn: OpaquePointer, elf: OpaquePointer, path: String, limits: ReadLimits
  ) throws(ElfDwarfError) -> StableBuffer? {
    var shdr = GElf_Shdr()
    guard gelf_getshdr(scn, &shdr) != nil, shdr.sh_flags & shfCompressed != 0 else { return nil }
    var chdr = GElf_Chdr()
    guard gelf_getchdr(scn, &chdr) != nil, chdr.ch_type == elfcompressZstd else { return nil }
    guard let data = elf_getdata(scn, nil), let buf = data.pointee.d_buf else {
      throw ElfImage.libelfError(path, "elf_getdata(compressed section)")
    }
    let headerSize = gelf_getclass(elf) == ELFCLASS64 ? 24 : 12
    guard data.pointee.d_size >= headerSize else {
      throw .decompression(file: path, what: "a zstd section", reason: "shorter than its Chdr")
    }
    let payload = UnsafeRawBufferPointer(
      start: buf + headerSize, count: data.pointee.d_size - headerSize)
    let expanded = try Decompression.buffer(
      payload, as: .zstd, limit: limits.maxDecompressed, path: path,
      what: "section \(sectionName(scn, elf))")
    guard UInt64(expanded.count) == chdr.ch_size else {
      throw .decompression(
        file: path, what: "a zstd section",
        reason: "got \(expanded.count) bytes, Chdr says \(chdr.ch_size)")
    }
    let buffer = expanded.withUnsafeBytes { StableBuffer(copying: $0) }
    data.pointee.d_buf = buffer.pointer.baseAddress
    data.pointee.d_size = expanded.count
    data.pointee.d_type = ELF_T_BYTE
    data.pointee.d_align = Int(clamping: max(chdr.ch_addralign, 1))
    shdr.sh_flags &= ~shfCompressed
    shdr.sh_size = chdr.ch_size
    shdr.sh_addralign = max(chdr.ch_addralign, 1)
    guard gelf_update_shdr(scn, &shdr) != 0 else {
      throw ElfImage.libelfError(path, "gelf_update_shdr")
    }
    elf_flagdata(data, ELF_C_SET, UInt32(ELF_F_DIRTY))
    elf_flagshdr(scn, ELF_C_SET, UInt32(ELF_F_DIRTY))
    return buffer
  }

  private static func sectionName(_ scn: OpaquePointer, _ elf: OpaquePointer) -> String {
    var shdr = GElf_Shdr()
    var shstrndx = 0
    guard gelf_getshdr(scn, &shdr) != nil, elf_getshdrstrndx(elf, &shstrndx) == 0,
      let name = elf_strptr(elf, shstrndx, Int(shdr.sh_name))
    else { return "#\(elf_ndxscn(scn))" }
    return String(cString: name)
  }
}

/// `SHF_COMPRESSED` sections: libelf inflates zlib ones itself, allocating the size the
/// compression header declares, so every declared size is held to the cap first; zstd
/// ones need expanding by `ZstdSections`.
enum CompressedSections {
  /// Checks the declared sizes against the cap; returns whether any section is zstd, and
  /// what the compressed sections declare they inflate to in all.
  static func needExpanding(
    _ image: ElfImage, limits: ReadLimits
  ) throws(ElfDwarfError) -> (zstd: Bool, total: UInt64) {
    var total: UInt64 = 0
    var zstd = false
    for section in try image.sections() where section.flags & ZstdSections.shfCompressed != 0 {
      guard let header = image.compressionHeader(of: section.index) else { continue }
      let sum = total.addingReportingOverflow(header.size)
      guard !sum.overflow, sum.partialValue <= limits.maxDecompressed else {
        throw .overCap(
          file: image.path,
          what: "compressed section \(section.name) (declares \(header.size) bytes)",
          limit: limits.maxDecompressed)
      }
      total = sum.partialValue
      if header.type == ZstdSections.elfcompressZstd { zstd = true }
    }
    return (zstd, total)
  }
}

extension ElfImage {
  /// The compression header of a `SHF_COMPRESSED` section.
  func compressionHeader(of index: SectionIndex) -> (type: UInt32, size: UInt64)? {
    guard let scn = elf_getscn(elf, index.rawValue) else { return nil }
    var chdr = GElf_Chdr()
    guard gelf_getchdr(scn, &chdr) != nil else { return nil }
    return (chdr.ch_type, chdr.ch_size)
  }

  /// The whole (decompressed, if the file was wrapped) image, as libelf sees it.
  func rawBytes() throws(ElfDwarfError) -> [UInt8] {
    var size = 0
    guard let raw = elf_rawfile(elf, &size) else {
      throw ElfImage.libelfError(path, "elf_rawfile")
    }
    return Array(UnsafeRawBufferPointer(start: raw, count: size))
  }
}
