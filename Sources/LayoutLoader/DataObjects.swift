import ElfDwarf
import LayoutModel

/// The data objects of one file and their initial contents, read from its symbols,
/// section bytes and relocations: no DWARF is read here. Each section's bytes and
/// relocations are read once, on first use.
final class DataObjectReader {
  let file: ElfFile
  let symbols: [ElfSymbol]
  /// `sections[i]` is the section with index `i + 1` (libelf leaves out the null one).
  private let sections: [ElfSection]
  /// Symbols that can contain a place (not sections or files, with a size), per
  /// section, by address: where a relocation against a section symbol lands.
  private let containers: [SectionIndex: [ElfSymbol]]
  private var bytes: [SectionIndex: [UInt8]] = [:]
  private var relocations: [SectionIndex: [Relocation]]?
  /// What a place holding a DWARF-described variable is reported as (`conn_open::opened`).
  var entityNames: [SectionOffset: String] = [:]

  init(file: ElfFile) throws(LoaderError) {
    self.file = file
    do { symbols = try file.symbols() } catch { throw .reading(error) }
    sections = file.sections
    var containers: [SectionIndex: [ElfSymbol]] = [:]
    for s in symbols where s.size > 0 && !s.isSection && s.type != 4 /* STT_FILE */ {
      if let section = s.section { containers[section, default: []].append(s) }
    }
    self.containers = containers.mapValues {
      $0.sorted { ($0.value, $0.index) < ($1.value, $1.index) }
    }
  }

  func section(_ index: SectionIndex) -> ElfSection? {
    let i = index.rawValue - 1
    return sections.indices.contains(i) && sections[i].index == index ? sections[i] : nil
  }

  /// Where a defined symbol is: its section and the offset in it (`st_value` is an
  /// offset in an object, an address in a linked file).
  func place(of symbol: ElfSymbol) -> SectionOffset? {
    guard let index = symbol.section, let section = section(index) else { return nil }
    let base = file.header.isRelocatable ? 0 : section.address
    guard symbol.value >= base else { return nil }
    return SectionOffset(section: index, offset: symbol.value - base)
  }

  /// The symbols that are data entities (`DataSymbolRules`), in symbol table order.
  func dataSymbols() -> [ElfSymbol] {
    symbols.filter { s in
      guard let index = s.section, let section = section(index) else { return false }
      return DataSymbolRules.isDataEntity(s, in: section)
    }
  }

  /// The initial contents of a data symbol.
  func contents(of symbol: ElfSymbol) throws(LoaderError) -> DataContents {
    guard let place = place(of: symbol), let section = section(place.section) else {
      throw .badData(file: file.path, symbol: symbol.name, reason: "not in a section of the file")
    }
    let end = place.offset.addingReportingOverflow(symbol.size)
    guard !end.overflow, end.partialValue <= section.size else {
      throw .badData(
        file: file.path, symbol: symbol.name,
        reason:
          "\(symbol.size) bytes at offset \(place.offset) of \(section.name) end past its \(section.size) bytes"
      )
    }
    var stored: [UInt8]? = nil
    if !section.isNoBits {
      let all = try sectionBytes(place.section)
      guard end.partialValue <= UInt64(all.count) else {
        throw .badData(
          file: file.path, symbol: symbol.name,
          reason: "\(section.name) holds \(all.count) bytes, fewer than its header says")
      }
      stored = Array(all[Int(place.offset)..<Int(end.partialValue)])
    }
    var references: [DataReference] = []
    for r in try relocations(in: place.section, from: place.offset, to: end.partialValue) {
      let (target, implicitWidth) = try resolve(r, from: symbol)
      references.append(DataReference(offset: r.offset - place.offset, target: target))
      // An implicit addend (REL) is part of the target now, not of the bytes.
      if implicitWidth > 0, stored != nil {
        let from = Int(r.offset - place.offset)
        for i in from..<min(from + implicitWidth, stored!.count) { stored![i] = 0 }
      }
    }
    return DataContents(
      size: symbol.size, bytes: stored, references: references, section: section.name)
  }

  func sectionBytes(_ index: SectionIndex) throws(LoaderError) -> [UInt8] {
    if let known = bytes[index] { return known }
    let read: [UInt8]
    do { read = try file.contents(of: index) } catch { throw .reading(error) }
    bytes[index] = read
    return read
  }

  /// The relocations applying to a section whose offsets lie in `from..<to`.
  private func relocations(
    in index: SectionIndex, from: UInt64, to: UInt64
  ) throws(LoaderError) -> ArraySlice<Relocation> {
    let all = try allRelocations()[index] ?? []
    var low = 0
    var high = all.count
    while low < high {
      let mid = (low + high) / 2
      if all[mid].offset < from { low = mid + 1 } else { high = mid }
    }
    var end = low
    while end < all.count && all[end].offset < to { end += 1 }
    return all[low..<end]
  }

  /// Every relocation of the file by the section it applies to, sorted by offset.
  private func allRelocations() throws(LoaderError) -> [SectionIndex: [Relocation]] {
    if let relocations { return relocations }
    var result: [SectionIndex: [Relocation]] = [:]
    for s in sections where (s.isRela || s.isRel) && s.info > 0 {
      // A relocation section for another symbol table (there is one in an object) is
      // not read against this one.
      do { result[SectionIndex(Int(s.info)), default: []] += try file.relocations(in: s) } catch {
        throw .reading(error)
      }
    }
    let sorted = result.mapValues { $0.sorted { $0.offset < $1.offset } }
    relocations = sorted
    return sorted
  }

  /// The symbols able to contain places of `section`, by address.
  func containers(in section: SectionIndex) -> [ElfSymbol] { containers[section] ?? [] }
}
