import System

/// What reading a file takes from the run's `MemoryBudget`, reserved before it is
/// taken, from sizes the file states (bounded by the file, or by the caps, before they
/// count here): libdw asserts, and Swift traps, when an allocation fails, so the budget
/// has to say no first.
///
/// - A plain file is mapped twice, whole: by libelf and by libdwfl.
/// - An image in memory (a decompressed file, an expanded one) is held three times
///   while the two handles are made over copies of it.
/// - Its DWARF, read by libdw and loaded into types, is allowed twice `.debug_info`
///   (a whole debug vmlinux: 174 MiB of it, 300 MiB used), and what compressed debug
///   sections inflate to.
enum ReadingCost {
  static func reserve(
    _ bytes: UInt64, for what: String, path: String, limits: ReadLimits
  ) throws(ElfDwarfError) -> MemoryBudget.Reservation {
    do { return try limits.budget.reserve(bytes, for: what) } catch {
      throw .outOfMemory(file: path, error)
    }
  }

  /// The mappings of a plain file of `size` bytes.
  static func mapping(
    _ size: UInt64, path: String, limits: ReadLimits
  ) throws(ElfDwarfError) -> MemoryBudget.Reservation {
    try reserve(
      size.multipliedReportingOverflow(by: 2).partialValue,
      for: "mapping the file (libelf and libdwfl map it each)", path: path, limits: limits)
  }

  /// The copies of an image of `size` bytes in memory.
  static func image(
    _ size: Int, path: String, limits: ReadLimits
  ) throws(ElfDwarfError) -> MemoryBudget.Reservation {
    try reserve(
      UInt64(size) &* 3, for: "holding the image in memory (libelf and libdwfl copies)",
      path: path, limits: limits)
  }

  /// libdw's and the loader's memory for the DWARF of a file with `sections`, and what
  /// its compressed sections (`expanded` bytes in all) inflate to.
  static func dwarf(
    _ sections: [ElfSection], expanded: UInt64, path: String, limits: ReadLimits
  ) throws(ElfDwarfError) -> MemoryBudget.Reservation {
    let info = sections.first { $0.name == ".debug_info" }?.size ?? 0
    let (total, overflow) = (info &* 2).addingReportingOverflow(expanded)
    return try reserve(
      overflow || info > UInt64.max / 2 ? .max : total,
      for: "reading its DWARF (libdw and the types loaded)", path: path, limits: limits)
  }
}
