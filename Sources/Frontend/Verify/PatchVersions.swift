import ElfDwarf
import LayoutLoader
import LayoutModel
import Livepatch
import ReportSchema
import Verify

extension PatchModule {
  /// `struct modversion_info { unsigned long crc; char name[64 - sizeof(unsigned long)]; }`
  static let versionEntrySize = 64

  /// The module's symbol versions as the loader finds them (`find_sec()` sees only
  /// `SHF_ALLOC` sections): `__versions`, and the extended tables of Linux 6.14+.
  static func versions(_ elf: ElfFile) throws(ElfDwarfError) -> ModuleVersions {
    let allocated = { (name: String) in
      elf.sections.first { $0.name == name && $0.flags & allocFlag != 0 }
    }
    var result = ModuleVersions.none
    if let section = allocated("__versions") {
      result.hasVersionsSection = true
      result.entries = entries(try elf.contents(of: section.index), elf.header)
    }
    let crcs = allocated("__version_ext_crcs")
    let names = allocated("__version_ext_names")
    switch (crcs, names) {
    case (nil, nil): break
    case (let crcs?, let names?):
      (result.extended, result.extendedProblem) = extended(
        try elf.contents(of: crcs.index), try elf.contents(of: names.index), elf.header)
    default:
      result.extendedProblem =
        "extended version crc+name presence does not match: the loader refuses the module"
    }
    return result
  }

  /// The entries of `__versions`: the CRC in the module's byte order and width, then
  /// the NUL-terminated name.
  static func entries(_ bytes: [UInt8], _ header: ElfHeader) -> [VersionEntry] {
    let width = header.addressSize
    return stride(from: 0, to: bytes.count - versionEntrySize + 1, by: versionEntrySize).map {
      start in
      let crc = integer(bytes[start..<start + width], header)
      let name = bytes[(start + width)..<(start + versionEntrySize)].prefix { $0 != 0 }
      return VersionEntry(name: String(decoding: name, as: UTF8.self), crc: crc)
    }
  }

  /// `__version_ext_crcs` (32-bit CRCs) paired in order with `__version_ext_names`
  /// (NUL-terminated names); more CRCs than names is refused by the loader.
  static func extended(
    _ crcBytes: [UInt8], _ nameBytes: [UInt8], _ header: ElfHeader
  ) -> ([VersionEntry]?, String?) {
    let names = nameBytes.split(separator: 0, omittingEmptySubsequences: false).dropLast()
    let count = crcBytes.count / 4
    guard count <= names.count else {
      return (nil, "more extended version crcs than names: the loader refuses the module")
    }
    let entries = (0..<count).map { i in
      VersionEntry(
        name: String(decoding: names[names.startIndex + i], as: UTF8.self),
        crc: integer(crcBytes[(i * 4)..<(i * 4 + 4)], header))
    }
    return (entries, nil)
  }

  static func integer(_ bytes: ArraySlice<UInt8>, _ header: ElfHeader) -> UInt64 {
    let ordered = header.byteOrder == .little ? Array(bytes.reversed()) : Array(bytes)
    return ordered.reduce(0) { $0 << 8 | UInt64($1) }
  }

  /// What the module's DWARF says of the types its code uses and of its replacement
  /// functions; nil without DWARF (a module read through its symbols was read with the
  /// target's types, which say nothing of the module's code).
  static func types(
    _ analysis: ModuleAnalysis, of elf: ElfFile, report: InspectReport
  ) throws(LoaderError) -> PatchTypes? {
    guard elf.hasDWARF, let loader = analysis.loader as? TypeLoader, loader.file === elf else {
      return nil
    }
    let replacements = Set(report.patches.flatMap(\.objects).flatMap(\.funcs).compactMap(\.newFunc))
    var functions: [String: FunctionEntity] = [:]
    for f in try loader.functionsWithCode() where replacements.contains(f.name) {
      if functions[f.name] == nil { functions[f.name] = f }
    }
    let used = try loader.typesUsedByCode()
    var enumerators: [String: EnumeratorEntity] = [:]
    var sizes: [String: UInt64] = [:]
    for (name, e) in used.enumerations {
      sizes[name] = e.byteSize
      for c in e.enumerators where enumerators[c.name] == nil {
        enumerators[c.name] = EnumeratorEntity(
          name: c.name, enumName: name, value: EnumValues.normalized(c.bits, size: e.byteSize))
      }
    }
    var table = loader.table
    ZeroLengthArrays.normalize(&table)
    return PatchTypes(
      entities: ProgramEntities(
        table: table, aggregates: used.aggregates, functions: functions,
        enumerators: enumerators),
      used: used.keys, own: used.own, enumSizes: sizes)
  }
}
