import ElfDwarf
import Verify

/// One ELF file's symbol table indexed by name: a vmlinux has 150,000 symbols, read
/// once and then looked up by the few names a module asks about.
struct SymbolIndex {
  let symbols: [ElfSymbol]
  private let byName: [String: [Int]]
  private let sections: [Int: ElfSection]

  /// `SHN_LIVEPATCH`: a symbol livepatch resolves (`.klp.sym.*`).
  static let livepatchIndex: UInt32 = 0xff20
  static let allocFlag: UInt64 = 0x2

  init(_ file: ElfFile) throws(ElfDwarfError) {
    symbols = try file.symbols()
    var byName: [String: [Int]] = [:]
    byName.reserveCapacity(symbols.count)
    for (i, symbol) in symbols.enumerated() where !symbol.name.isEmpty {
      byName[symbol.name, default: []].append(i)
    }
    self.byName = byName
    sections = Dictionary(file.sections.map { ($0.index.rawValue, $0) }) { a, _ in a }
  }

  var isEmpty: Bool { symbols.isEmpty }

  /// Every symbol called `name`, in table order.
  func named(_ name: String) -> [ElfSymbol] {
    (byName[name] ?? []).map { symbols[$0] }
  }

  /// The section a symbol is defined in.
  func section(of symbol: ElfSymbol) -> ElfSection? {
    symbol.section.flatMap { sections[$0.rawValue] }
  }

  /// What the kernel's symbol walks see of a symbol.
  func fact(_ symbol: ElfSymbol) -> SymbolFact {
    let kind: SymbolFact.Kind
    switch symbol.type {
    case 0: kind = .notype
    case 1: kind = .object
    case 2: kind = .function
    case 3: kind = .section
    case 4: kind = .file
    default: kind = .other
    }
    return SymbolFact(kind: kind, place: place(symbol))
  }

  private func place(_ symbol: ElfSymbol) -> SymbolFact.Place {
    if let section = section(of: symbol) {
      return .section(name: section.name, allocated: section.flags & Self.allocFlag != 0)
    }
    switch symbol.rawSectionIndex {
    case 0: return .undefined
    case 0xfff1: return .absolute
    case 0xfff2: return .common
    case Self.livepatchIndex: return .livepatch
    default: return .reserved
    }
  }

  /// The facts of every symbol of each name: in address order (the order kallsyms
  /// walks vmlinux in), or in table order (a module's kallsyms).
  func facts(for names: Set<String>, byAddress: Bool = true) -> [String: [SymbolFact]] {
    var result: [String: [SymbolFact]] = [:]
    for name in names {
      let symbols = named(name)
      result[name] = (byAddress ? symbols.sorted { $0.value < $1.value } : symbols).map(fact)
    }
    return result
  }
}
