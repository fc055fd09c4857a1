internal import CElfutils

/// Where a type was declared: its `DW_AT_decl_file` and the source file of its unit,
/// both as absolute paths when the unit's `DW_AT_comp_dir` allows.
public struct DeclarationSite: Hashable, Sendable {
  public var file: String
  public var unitFile: String

  /// Whether the declaration is in the unit's own directory or below it: a module's
  /// own `.c` and local headers, not the kernel's `include/` (used by `scan --audit`).
  public var isInUnitDirectory: Bool {
    let directory = unitFile.split(separator: "/", omittingEmptySubsequences: false).dropLast()
      .joined(separator: "/")
    return file.hasPrefix(directory + "/")
  }
}

extension ElfFile {
  /// The declaration site of the entry at `offset`; nil when DWARF does not say.
  public func declarationSite(of offset: DIEOffset) throws(ElfDwarfError) -> DeclarationSite? {
    try dwarfSession().declarationSite(of: offset)
  }
}

extension DwarfSession {
  func declarationSite(of offset: DIEOffset) throws(ElfDwarfError) -> DeclarationSite? {
    var die = Dwarf_Die()
    guard dwarf_offdie(dwarf, offset.rawValue, &die) != nil else {
      throw .badDIE(file: path, offset: offset, reason: "no DIE at this offset")
    }
    var unit = Dwarf_Die()
    guard let file = dwarf_decl_file(&die), dwarf_diecu(&die, &unit, nil, nil) != nil,
      let unitName = dwarf_diename(&unit)
    else { return nil }
    var compDir = Dwarf_Attribute()
    let directory = dwarf_attr(&unit, UInt32(DW_AT_comp_dir), &compDir).flatMap {
      dwarf_formstring($0)
    }.map { String(cString: $0) }
    return DeclarationSite(
      file: Self.absolute(String(cString: file), in: directory),
      unitFile: Self.absolute(String(cString: unitName), in: directory))
  }

  /// `path` joined to the compilation directory when relative, with `.` and `..`
  /// components folded (kernel builds name files like `./include/linux/list.h`).
  static func absolute(_ path: String, in directory: String?) -> String {
    let joined = path.hasPrefix("/") || directory == nil ? path : directory! + "/" + path
    var parts: [Substring] = []
    for part in joined.split(separator: "/") {
      if part == "." { continue }
      if part == "..", !parts.isEmpty { parts.removeLast(); continue }
      parts.append(part)
    }
    return "/" + parts.joined(separator: "/")
  }
}
