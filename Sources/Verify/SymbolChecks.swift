/// `klp_find_object_symbol()` (Linux 6.1.192 and 6.12.118, kernel/livepatch/core.c):
/// a name is looked up by walking the object's kallsyms and counting every entry of
/// exactly that name; `old_sympos` 0 needs exactly one, N needs at least N.
enum SymbolChecks {
  /// The symbols of `name` in an object, or why they cannot be counted.
  enum Lookup {
    case symbols([SymbolFact], table: Kallsyms.Table, object: String)
    /// vmlinux without a symbol table: only whether BTF has a FUNC of that name.
    case btf(TargetValue<Set<String>>, noSymbols: String)
    case unknown(String)
  }

  static func lookup(
    _ name: String, in resolution: ObjectResolution, label: String, _ target: TargetFacts
  ) -> Lookup {
    switch resolution {
    case .vmlinux:
      switch target.symbols {
      case .known(let symbols): return .symbols(symbols[name] ?? [], table: .vmlinux, object: label)
      case .unknown(let why): return .btf(target.btfFunctions, noSymbols: why)
      }
    case .module(let module, _):
      let symbols = target.tree.value?.symbols[module]?[name] ?? []
      return .symbols(symbols, table: .module, object: label)
    default:
      return .unknown("object \(label) is not there to look in")
    }
  }

  /// The `function` finding: `old_name` is a function of its object.
  static func function(_ name: String, _ lookup: Lookup) -> (VerifyFinding.Status, String) {
    switch lookup {
    case .symbols(let facts, let table, let object):
      let counted = Kallsyms.counted(name, facts, in: table)
      if counted.contains(where: { $0.kind == .function }) {
        return (.pass, "FUNC symbol in \(object)")
      }
      if !counted.isEmpty {
        let kinds = Set(counted.map(\.kindName)).sorted().joined(separator: "/")
        return (.fail, "\(object) has it as \(kinds), not a function")
      }
      if let hidden = facts.first {
        return (
          .fail,
          "in \(object)'s symbol table, but not in its kallsyms (\(whyHidden(name, hidden, table)))"
        )
      }
      return (.fail, "no symbol of that name in \(object)")
    case .btf(let functions, _):
      guard case .known(let names) = functions else {
        return (.unknown, "no symbol table and no BTF to look in")
      }
      return names.contains(name)
        ? (.pass, "a BTF FUNC of the target")
        : (.unknown, "no BTF FUNC of that name, and BTF does not hold every function")
    case .unknown(let why):
      return (.unknown, why)
    }
  }

  /// The `sympos` finding (or a relocation's): how many symbols the walk counts.
  static func sympos(
    _ name: String, _ pos: UInt64, _ lookup: Lookup, rawBTFWhat: String
  ) -> (VerifyFinding.Status, String) {
    switch lookup {
    case .symbols(let facts, let table, _):
      return decide(count: Kallsyms.counted(name, facts, in: table).count, pos: pos)
    case .btf(_, let why):
      return (.unknown, "\(why) to \(rawBTFWhat)")
    case .unknown(let why):
      return (.unknown, why)
    }
  }

  /// `klp_find_object_symbol()`'s verdict on `count` symbols of the name.
  static func decide(count: Int, pos: UInt64) -> (VerifyFinding.Status, String) {
    let symbols = "\(count) symbol\(count == 1 ? "" : "s")"
    if count == 0 { return (.fail, "no symbol of that name (\"not found in symbol table\")") }
    if pos == 0 && count > 1 {
      return (.fail, "sympos 0 but \(symbols) of that name: \"unresolvable ambiguity\"")
    }
    if pos > UInt64(count) {
      return (
        .fail, "sympos \(pos) but only \(symbols) of that name: \"symbol position ... not found\""
      )
    }
    return (.pass, "sympos \(pos) selects one of \(symbols)")
  }

  /// Why a symbol of the table is not in kallsyms.
  static func whyHidden(_ name: String, _ fact: SymbolFact, _ table: Kallsyms.Table) -> String {
    if fact.kind == .section || fact.kind == .file { return "a \(fact.kindName) symbol" }
    if table == .vmlinux, Kallsyms.isFilteredFromVmlinux(name) {
      return "scripts/mksysmap and scripts/kallsyms leave such names out"
    }
    switch fact.place {
    case .section(let section, let allocated):
      if !allocated { return "section \(section) is not allocated" }
      if section.hasPrefix(".init") { return "in \(section), freed after the module's init" }
      return "in \(section), which the loader does not keep"
    case .undefined: return "undefined"
    case .absolute: return "absolute"
    default: return "not in a section"
    }
  }
}
