#if canImport(Glibc)
  import Glibc
#endif
internal import CElfutils

/// The DWARF of one file, opened through libdwfl so that `ET_REL` objects (`.o`, `.ko`)
/// have their `.rela.debug_*` applied; plain `dwarf_begin_elf` would read unrelocated
/// string and abbreviation offsets on RELA targets.
///
/// libdwfl owns the descriptor passed to `dwfl_report_offline` (it closes it at
/// `dwfl_end`), so the session is given a `dup`. It keeps the callbacks pointer for its
/// whole life, so the callbacks come from static storage in the C shim.
final class DwarfSession {
  let path: String
  private let dwfl: OpaquePointer
  /// The one module reported: where addresses in the DWARF are mapped back to sections.
  let module: OpaquePointer
  let dwarf: OpaquePointer
  /// Memory images given to `dwfl_report_offline_memory` must outlive the Dwfl.
  private let backing: StableBuffer?

  private init(
    path: String, dwfl: OpaquePointer, module: OpaquePointer, dwarf: OpaquePointer,
    backing: StableBuffer?
  ) {
    self.path = path
    self.dwfl = dwfl
    self.module = module
    self.dwarf = dwarf
    self.backing = backing
  }

  deinit { dwfl_end(dwfl) }

  /// Opens the DWARF of `path` from a descriptor (consumed) or an in-memory image.
  /// Returns nil when the file has no DWARF at all.
  static func open(
    path: String, fd: Int32?, image: StableBuffer?, hasDebugInfo: Bool
  ) throws(ElfDwarfError) -> DwarfSession? {
    // Never reach the network: debuginfod is used only when the user asks for it.
    unsetenv("DEBUGINFOD_URLS")
    guard let dwfl = dwfl_begin(celfutils_offline_callbacks()) else {
      if let fd { close(fd) }
      throw dwflError(path, "dwfl_begin")
    }
    var module: OpaquePointer?
    if let image {
      let raw = image.pointer.baseAddress!.assumingMemoryBound(to: CChar.self)
      module = dwfl_report_offline_memory(dwfl, path, path, raw, image.count)
    } else if let fd {
      module = dwfl_report_offline(dwfl, path, path, fd)
      if module == nil { close(fd) }
    }
    guard let module else {
      let error = dwflError(path, "dwfl_report_offline")
      dwfl_end(dwfl)
      throw error
    }
    guard dwfl_report_end(dwfl, nil, nil) == 0 else {
      let error = dwflError(path, "dwfl_report_end")
      dwfl_end(dwfl)
      throw error
    }
    var bias: Dwarf_Addr = 0
    guard let dwarf = dwfl_module_getdwarf(module, &bias) else {
      // Without .debug_info there is nothing to find; with it, libdwfl failed for a
      // reason (out of memory, corrupt sections) that must not read as "stripped".
      let error = dwflError(path, "dwfl_module_getdwarf")
      dwfl_end(dwfl)
      if hasDebugInfo { throw error }
      return nil
    }
    adviseRandomAccess(dwarf)
    return DwarfSession(path: path, dwfl: dwfl, module: module, dwarf: dwarf, backing: image)
  }

  /// DIEs are read in a scattered order (unit headers all over the file, then only the
  /// types asked for). With the kernel's default fault-around, each touch maps 64 KiB
  /// of the file: on a debug vmlinux that is >100 MB of resident pages for a 1 MB walk.
  /// MADV_RANDOM on libelf's mapping maps only the pages actually read.
  private static func adviseRandomAccess(_ dwarf: OpaquePointer) {
    guard let (base, size) = mapping(dwarf) else { return }
    _ = madvise(base, size, MADV_RANDOM)
    _ = madvise(base, size, MADV_NOHUGEPAGE)
  }

  /// The file as libelf mapped it; nil for a memory image.
  private static func mapping(_ dwarf: OpaquePointer) -> (UnsafeMutableRawPointer, Int)? {
    guard let elf = dwarf_getelf(dwarf) else { return nil }
    var size = 0
    guard let base = elf_rawfile(elf, &size), size > 0 else { return nil }
    let page = Int(sysconf(Int32(_SC_PAGESIZE)))
    let address = UInt(bitPattern: base)
    guard page > 0, address % UInt(page) == 0 else { return nil }  // not an mmap
    return (UnsafeMutableRawPointer(base), size)
  }

  /// Runs `body`, a pass that reads most of the file, with the kernel's usual
  /// fault-around: under MADV_RANDOM each 4 KiB page of a 174 MB `.debug_info` is a fault
  /// of its own, a fifth of a whole pass's time in this VM.
  func readingMostOfTheFile<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
    let mapped = Self.mapping(dwarf)
    if let (base, size) = mapped { _ = madvise(base, size, MADV_NORMAL) }
    defer { if let (base, size) = mapped { _ = madvise(base, size, MADV_RANDOM) } }
    return try body()
  }

  static func dwflError(_ path: String, _ call: String) -> ElfDwarfError {
    .library(file: path, call: call, message: LibraryMessage.dwfl)
  }

  func dwarfError(_ call: String) -> ElfDwarfError {
    .library(file: path, call: call, message: LibraryMessage.dwarf)
  }
}

@available(*, unavailable)
extension DwarfSession: Sendable {}
