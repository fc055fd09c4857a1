import ElfDwarf
import LayoutLoader
import Verify

extension KernelTarget {
  static let exportSections: Set<String> = ["__ksymtab", "__ksymtab_gpl"]
  static let crcSections: Set<String> = ["__kcrctab", "__kcrctab_gpl"]
  /// `SHN_ABS`: before Linux 5.19 a `__crc_<sym>` symbol's value was the CRC itself.
  static let absoluteIndex: UInt32 = 0xfff1

  /// Which of `names` vmlinux exports, each with its CRC: exported when the symbol table
  /// has `__ksymtab_<name>` in `__ksymtab` or `__ksymtab_gpl` (the tables
  /// `find_symbol()` searches); the CRC is the 32-bit word at the address of
  /// `__crc_<name>` in `__kcrctab`/`__kcrctab_gpl` (since 5.19 the symbol's value is
  /// that address, not the CRC; before, an absolute symbol whose value is the CRC).
  func exports(of names: Set<String>) throws(FrontendError) -> TargetValue<ExportTable> {
    guard let symbols, let elf else { return .unknown(noSymbols("has no CRCs")) }
    guard elf.sections.contains(where: { Self.exportSections.contains($0.name) }) else {
      return .unknown("the target has no __ksymtab: what it exports is not known")
    }
    let hasCRCTables = elf.sections.contains { Self.crcSections.contains($0.name) }
    var crcs: [String: UInt32?] = [:]
    for name in names {
      let exported = symbols.named("__ksymtab_" + name).contains { symbol in
        !symbol.isSection
          && symbols.section(of: symbol).map { Self.exportSections.contains($0.name) } == true
      }
      guard exported else { continue }
      crcs[name] = try crc(of: name, symbols)
    }
    return .known(ExportTable(crcs: crcs, hasCRCTables: hasCRCTables))
  }

  /// The CRC `__kcrctab` holds for `name`; nil when this file does not have it.
  private func crc(of name: String, _ symbols: SymbolIndex) throws(FrontendError) -> UInt32? {
    for symbol in symbols.named("__crc_" + name) {
      if symbol.rawSectionIndex == Self.absoluteIndex {
        return UInt32(truncatingIfNeeded: symbol.value)
      }
      guard let section = symbols.section(of: symbol), Self.crcSections.contains(section.name),
        let raw = try read(section, at: symbol.value, count: 4)
      else { continue }
      return word(raw)
    }
    return nil
  }

  /// `klp_enable_patch`: its kind in the symbol table, else whether BTF has the FUNC.
  func enablePatch() -> (TargetValue<SymbolFact.Kind?>, String) {
    let name = "klp_enable_patch"
    if let symbols {
      let facts = symbols.named(name).filter { !$0.isUndefined }.map(symbols.fact)
      let kind = facts.first { $0.kind == .function }?.kind ?? facts.first?.kind
      return (.known(kind), "symbol table")
    }
    guard let btf = (types as? BTFTypeLoader)?.btf else {
      return (.unknown("the target has neither a symbol table nor BTF"), "none")
    }
    return (.known(btf.find(name, kind: .function) != nil ? .function : nil), "BTF")
  }
}
