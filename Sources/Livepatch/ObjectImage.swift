import ElfDwarf

/// The parts of an ELF file that static data decoding needs, as plain values: what a
/// test can build by hand. Bytes are the raw, unrelocated section contents.
public struct ObjectImage: Sendable {
  public var header: ElfHeader
  public var sections: [SectionIndex: ElfSection]
  public var bytes: [SectionIndex: [UInt8]]
  public var symbols: [ElfSymbol]
  /// Relocations per target section, sorted by offset.
  public var relocations: [SectionIndex: [Relocation]]

  public init(
    header: ElfHeader, sections: [ElfSection], bytes: [SectionIndex: [UInt8]], symbols: [ElfSymbol],
    relocations: [SectionIndex: [Relocation]]
  ) {
    self.header = header
    self.sections = Dictionary(sections.map { ($0.index, $0) }) { a, _ in a }
    self.bytes = bytes
    self.symbols = symbols
    self.relocations = relocations
  }

  /// What a pointer-sized slot holds once relocated.
  public enum PointerValue: Hashable, Sendable {
    case null
    /// A named symbol plus an offset into it (functions, arrays, `__this_module`).
    case symbol(String, offset: Int64)
    /// A C string in a string section or a string object.
    case string(String)
    /// A non-zero value with no relocation (ET_EXEC images, or absolute data).
    case address(UInt64)
  }

  /// The value of the pointer at `offset` in `section`.
  public func pointer(in section: SectionIndex, at offset: UInt64) -> PointerValue {
    let width = header.addressSize
    if let relocation = relocation(in: section, at: offset) {
      let addend =
        relocation.explicitAddend
        ?? Int64(bitPattern: integer(in: section, at: offset, width: width) ?? 0)
      return resolve(relocation.symbol, addend: addend)
    }
    let raw = integer(in: section, at: offset, width: width) ?? 0
    return raw == 0 ? .null : .address(raw)
  }

  /// The C string a `char *` slot points at: through its relocation to whatever
  /// section holds it (string sections, `.kpatch.strings`, a `static const char[]`).
  /// nil when the slot is NULL or points outside this file.
  public func string(in section: SectionIndex, at offset: UInt64) -> String? {
    guard let relocation = relocation(in: section, at: offset) else { return nil }
    let addend =
      relocation.explicitAddend
      ?? Int64(bitPattern: integer(in: section, at: offset, width: header.addressSize) ?? 0)
    let index = relocation.symbol.rawValue
    guard index > 0, index < symbols.count, let target = symbols[index].section else { return nil }
    let (at, overflow) = Int64(bitPattern: symbols[index].value).addingReportingOverflow(addend)
    guard !overflow, at >= 0 else { return nil }
    return cString(in: target, at: UInt64(at))
  }

  /// The relocation applying exactly at `offset`, if any (binary search: they are sorted).
  func relocation(in section: SectionIndex, at offset: UInt64) -> Relocation? {
    guard let list = relocations[section] else { return nil }
    var low = 0
    var high = list.count
    while low < high {
      let mid = (low + high) / 2
      if list[mid].offset < offset { low = mid + 1 } else { high = mid }
    }
    return low < list.count && list[low].offset == offset ? list[low] : nil
  }

  private func resolve(_ index: SymbolIndex, addend: Int64) -> PointerValue {
    guard index.rawValue > 0, index.rawValue < symbols.count else {
      return .address(UInt64(bitPattern: addend))
    }
    let symbol = symbols[index.rawValue]
    guard let sectionIndex = symbol.section, let section = sections[sectionIndex] else {
      // Undefined: a vmlinux or other-module symbol; only its name is known.
      return .symbol(symbol.name, offset: addend)
    }
    let (target, overflow) = Int64(bitPattern: symbol.value).addingReportingOverflow(addend)
    guard !overflow, target >= 0 else { return .symbol(symbol.name, offset: addend) }
    let offset = UInt64(target)
    if section.holdsStrings || (symbol.isObject && section.name.hasPrefix(".rodata.str")) {
      return .string(cString(in: sectionIndex, at: offset))
    }
    if !symbol.isSection { return .symbol(symbol.name, offset: addend) }
    if let covering = symbolCovering(offset, in: sectionIndex) {
      return .symbol(covering.name, offset: Int64(offset - covering.value))
    }
    return .symbol(section.name, offset: Int64(offset))
  }

  /// The named function or object symbol whose range holds `offset` (or starts at it).
  public func symbolCovering(_ offset: UInt64, in section: SectionIndex) -> ElfSymbol? {
    symbols.filter { s in
      s.section == section && !s.isSection && !s.name.isEmpty && (s.isFunction || s.isObject)
        && s.value <= offset && (offset < s.value &+ s.size || (s.size == 0 && s.value == offset))
    }.min { $0.size < $1.size }
  }

  /// A NUL-terminated string, bounded by its section.
  public func cString(in section: SectionIndex, at offset: UInt64) -> String {
    guard let data = bytes[section], offset < UInt64(data.count) else { return "" }
    let tail = data[Int(offset)...]
    let end = tail.firstIndex(of: 0) ?? data.endIndex
    return String(decoding: data[Int(offset)..<end], as: UTF8.self)
  }

  /// An unsigned integer of `width` bytes in the target's byte order; zeros for
  /// `SHT_NOBITS`; nil when out of the section.
  public func integer(in section: SectionIndex, at offset: UInt64, width: Int) -> UInt64? {
    guard width > 0 && width <= 8, let s = sections[section] else { return nil }
    let (end, overflow) = offset.addingReportingOverflow(UInt64(width))
    guard !overflow, end <= s.size else { return nil }
    if s.isNoBits { return 0 }
    guard let data = bytes[section], end <= UInt64(data.count) else { return nil }
    let slice = data[Int(offset)..<Int(end)]
    let ordered = header.byteOrder == .little ? Array(slice.reversed()) : Array(slice)
    return ordered.reduce(0) { $0 << 8 | UInt64($1) }
  }
}
