import ElfDwarf
import LayoutModel

extension TypeLoader {
  /// The variables `safety` compares: each DWARF variable with the symbol at its place
  /// (found by section and offset, not by name, since gcc renames a function's statics
  /// `opened.0`), then every data symbol no DWARF variable describes (compiler-made
  /// tables), by its symbol name. A variable whose symbol klp-diff never correlates
  /// (`DataSymbolRules`) is left out, as is its symbol; one without a symbol (folded
  /// away) keeps its type and has no contents.
  func dataEntities(_ described: [DwarfVariable]) throws(LoaderError) -> [VariableEntity] {
    let reader = try DataObjectReader(file: file)
    let (found, used) = symbols(of: described, in: reader)
    var result: [VariableEntity] = []
    // Contents last: a relocation names a target by what `found` made of it.
    for (v, symbol) in found {
      result.append(
        VariableEntity(
          name: v.name, function: v.function, type: v.type, isExternal: v.isExternal,
          contents: try symbol.map { s throws(LoaderError) in try reader.contents(of: s) },
          origin: EntityOrigin(rawValue: v.die.rawValue)))
    }
    var seen = Set<SectionOffset>()
    for s in reader.dataSymbols() where !used.contains(s.index) {
      guard let place = reader.place(of: s), seen.insert(place).inserted else { continue }
      result.append(
        VariableEntity(
          name: DataSymbolRules.demangled(s.name), type: nil, isExternal: s.binding != 0,
          contents: try reader.contents(of: s)))
    }
    return result
  }

  /// Each DWARF variable with the data symbol at its place (nil when it has none), the
  /// variables whose symbol is no entity left out; and every symbol at those places.
  private func symbols(
    of described: [DwarfVariable], in reader: DataObjectReader
  ) -> ([(DwarfVariable, ElfSymbol?)], Set<SymbolIndex>) {
    var atPlace: [SectionOffset: [ElfSymbol]] = [:]
    for s in reader.symbols where (s.isObject || s.type == 6) && s.size > 0 {
      if let p = reader.place(of: s) { atPlace[p, default: []].append(s) }
    }
    let entitySymbols = Set(reader.dataSymbols().map(\.index))
    var used = Set<SymbolIndex>()
    var found: [(DwarfVariable, ElfSymbol?)] = []
    for v in described {
      guard let place = v.place, let candidates = atPlace[place] else {
        found.append((v, nil))
        continue
      }
      let symbol = Self.describedSymbol(v, among: candidates)
      // Aliases share the place: klp-checksum.c skips them, and so are they here.
      used.formUnion(candidates.map(\.index))
      // The first variable at a place is it (an inline function's static can be
      // described twice, in the abstract instance and in an out-of-line copy).
      guard entitySymbols.contains(symbol.index), reader.entityNames[place] == nil else {
        continue
      }
      reader.entityNames[place] = v.qualifiedName
      found.append((v, symbol))
    }
    return (found, used)
  }

  /// Of the objects at a variable's place, the one named like it (`opened`, gcc's
  /// `opened.0`, clang's `conn_open.opened`), else the first.
  static func describedSymbol(_ v: DwarfVariable, among candidates: [ElfSymbol]) -> ElfSymbol {
    let clang = v.function.map { "\($0).\(v.name)" }
    return candidates.first { s in
      s.name == v.name || s.name == clang || DataSymbolRules.demangled(s.name) == v.name
    } ?? candidates[0]
  }
}
