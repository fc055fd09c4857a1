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
    var die = try rawDIE(at: offset)
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
    let folded = folded(joined)
    return folded.hasPrefix("/") ? folded : "/" + folded
  }
}

/// Where an entity is declared, as the compiler recorded it: `DW_AT_decl_file` named
/// through the unit's line table (the path the compile was given, relative when the
/// build was, with `.` components folded) and `DW_AT_decl_line`.
public struct DeclarationLine: Hashable, Sendable {
  public var file: String
  /// nil when DWARF names the file but not the line.
  public var line: Int?

  public init(file: String, line: Int?) {
    self.file = file
    self.line = line
  }
}

extension ElfFile {
  /// The declaration file and line of the entry at `offset` (following
  /// `DW_AT_abstract_origin` and `DW_AT_specification`); nil when DWARF does not say.
  public func declarationLine(of offset: DIEOffset) throws(ElfDwarfError) -> DeclarationLine? {
    try dwarfSession().declarationLine(of: offset)
  }
}

extension DwarfSession {
  func declarationLine(of offset: DIEOffset) throws(ElfDwarfError) -> DeclarationLine? {
    var die = try rawDIE(at: offset)
    guard let file = dwarf_decl_file(&die).map({ String(cString: $0) }) ?? firstFileEntry(&die)
    else { return nil }
    var line: Int32 = 0
    let hasLine = dwarf_decl_line(&die, &line) == 0 && line > 0
    return DeclarationLine(file: Self.folded(file), line: hasLine ? Int(line) : nil)
  }

  /// libdw 0.188 reads file number 0 as "no file", which DWARF 5 made the unit's primary
  /// source file (clang numbers it so): that entry of the unit's file table.
  private func firstFileEntry(_ die: inout Dwarf_Die) -> String? {
    var attribute = Dwarf_Attribute()
    var index: Dwarf_Word = 0
    var unit = Dwarf_Die()
    var files: OpaquePointer? = nil
    var count = 0
    guard dwarf_attr_integrate(&die, UInt32(DW_AT_decl_file), &attribute) != nil,
      dwarf_formudata(&attribute, &index) == 0, index == 0,
      dwarf_diecu(&die, &unit, nil, nil) != nil,
      dwarf_getsrcfiles(&unit, &files, &count) == 0, count > 0,
      let name = dwarf_filesrc(files, 0, nil, nil)
    else { return nil }
    return String(cString: name)
  }

  /// `.` components dropped and `dir/..` folded, the path kept relative or absolute as
  /// it was (`./safety/x.c` is `safety/x.c`).
  static func folded(_ path: String) -> String {
    var parts: [Substring] = []
    for part in path.split(separator: "/") {
      if part == "." { continue }
      if part == "..", let last = parts.last, last != ".." {
        parts.removeLast()
        continue
      }
      parts.append(part)
    }
    let joined = parts.joined(separator: "/")
    return path.hasPrefix("/") ? "/" + joined : joined
  }
}
