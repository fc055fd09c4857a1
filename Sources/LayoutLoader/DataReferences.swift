import ElfDwarf
import LayoutModel

extension DataObjectReader {
  /// Longest string read at a place in a string section: a literal is compared by its
  /// text, and a cut one by its first bytes.
  static let maxString = 4096

  /// What relocation `r` inside `object` points to, resolved as klp-checksum.c
  /// `checksum_update_object()` resolves it: into a string section, the string there; a
  /// section symbol, the symbol containing the place (the addend made relative to it),
  /// or nothing when none does; any other symbol, its name and the addend. Also returns
  /// the width of an implicit (REL) addend read from the bytes, 0 for RELA.
  func resolve(
    _ r: Relocation, from object: ElfSymbol
  ) throws(LoaderError) -> (DataReference.Target, Int) {
    guard r.symbol.rawValue < symbols.count else {
      throw .badData(
        file: file.path, symbol: object.name,
        reason:
          "a relocation at \(r.offset) names symbol \(r.symbol.rawValue), past the \(symbols.count) symbols"
      )
    }
    let width = r.explicitAddend == nil ? file.header.addressSize : 0
    var addend = r.explicitAddend ?? 0
    if r.explicitAddend == nil { addend = try implicitAddend(r, width: width, object: object) }
    let target = symbols[r.symbol.rawValue]
    guard r.symbol.rawValue != 0, let place = place(of: target),
      let section = section(place.section)
    else {
      // Undefined (another object's) or absolute: by name.
      return (.symbol(target.name, addend: addend), width)
    }
    let offset = Int64(bitPattern: place.offset) &+ addend
    if section.holdsStrings { return (try string(in: section, at: offset), width) }
    guard target.isSection else {
      return (.symbol(name(of: target, at: place), addend: addend), width)
    }
    guard offset >= 0, let container = container(in: place.section, at: UInt64(offset)),
      let at = self.place(of: container)
    else { return (.anonymous, width) }
    return (
      .symbol(name(of: container, at: at), addend: offset &- Int64(bitPattern: at.offset)), width
    )
  }

  /// How a target is named: the DWARF variable living there by its reported name,
  /// else the symbol as klp-diff correlates it (gcc's `.N` suffix dropped).
  private func name(of symbol: ElfSymbol, at place: SectionOffset) -> String {
    entityNames[place] ?? DataSymbolRules.demangled(symbol.name)
  }

  /// The symbol of `section` whose bytes hold `offset` (objtool's
  /// `find_symbol_containing()`).
  private func container(in section: SectionIndex, at offset: UInt64) -> ElfSymbol? {
    let list = containers(in: section)
    var low = 0
    var high = list.count
    while low < high {
      let mid = (low + high) / 2
      if (place(of: list[mid])?.offset ?? 0) <= offset { low = mid + 1 } else { high = mid }
    }
    // Symbols may overlap (aliases, a function and its parts): look back a little.
    for i in stride(from: low - 1, through: max(0, low - 16), by: -1) {
      guard let start = place(of: list[i])?.offset else { continue }
      if start <= offset && offset - start < list[i].size { return list[i] }
    }
    return nil
  }

  /// The NUL-terminated string at `offset` of a string section.
  private func string(
    in section: ElfSection, at offset: Int64
  ) throws(LoaderError) -> DataReference.Target {
    guard !section.isNoBits else { return .string([]) }
    let bytes = try sectionBytes(section.index)
    guard offset >= 0, offset < Int64(bytes.count) else { return .anonymous }
    let start = Int(offset)
    let limit = min(bytes.count, start + Self.maxString)
    let end = bytes[start..<limit].firstIndex(of: 0) ?? limit
    return .string(Array(bytes[start..<end]))
  }

  /// A REL entry's addend, stored in the bytes it relocates (a word of the target's
  /// address size, in its byte order).
  private func implicitAddend(
    _ r: Relocation, width: Int, object: ElfSymbol
  ) throws(LoaderError) -> Int64 {
    guard let place = place(of: object), let section = section(place.section), !section.isNoBits
    else { return 0 }
    let bytes = try sectionBytes(place.section)
    let start = Int(clamping: r.offset)
    guard start <= bytes.count - width else {
      throw .badData(
        file: file.path, symbol: object.name,
        reason: "a relocation at \(r.offset) of \(section.name) ends past its bytes")
    }
    var value: UInt64 = 0
    for i in 0..<width {
      let byte = bytes[file.header.byteOrder == .little ? start + width - 1 - i : start + i]
      value = value << 8 | UInt64(byte)
    }
    let shift = UInt64(64 - 8 * width)
    return Int64(bitPattern: value << shift) >> Int64(shift)
  }
}
