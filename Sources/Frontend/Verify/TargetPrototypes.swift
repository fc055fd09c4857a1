import ElfDwarf
import LayoutLoader
import LayoutModel
import Verify

extension KernelTarget {
  /// How many same-named functions' prototypes are read when `old_sympos` does not
  /// select one (they are compared with each other; beyond this, unknown).
  static let prototypeCandidates = 16

  /// The prototype of each patched function: for vmlinux from DWARF at the address of
  /// the symbol `old_sympos` selects (one unit read through `.debug_aranges`), or from
  /// BTF's `FUNC`s of that name; for a module, from its DWARF when the tree has it.
  func prototypes(
    _ questions: VerifyQuestions, tree: ModuleTree?, btf: [String: [FunctionEntity]]?
  ) throws(FrontendError) -> [ObjectFunction: TargetValue<TargetPrototype>] {
    var found: [ObjectFunction: [FunctionEntity]] = [:]
    var result: [ObjectFunction: TargetValue<TargetPrototype>] = [:]
    for (function, sympos) in questions.prototypes {
      if function.object != "vmlinux" {
        result[function] = try modulePrototype(function, tree)
      } else if let loader = types as? TypeLoader, let symbols {
        found[function] = try dwarfPrototypes(function.name, sympos, loader, symbols)
      } else if let btf {
        found[function] = btf[function.name] ?? []
      } else {
        result[function] = .unknown("the target has no types to read \(function.name)'s from")
      }
    }
    // Taken once all are loaded: every prototype's types are in this one table.
    guard let types, !found.isEmpty else { return result }
    let table = normalized(types.table)
    let source = types.source == .btf ? "BTF FUNC" : "DWARF subprogram at the address of"
    for (function, list) in found {
      result[function] =
        list.isEmpty
        ? .unknown("no \(source) \(function.name) in the target")
        : .known(TargetPrototype(functions: list, table: table, source: types.source))
    }
    return result
  }

  /// The symbol kallsyms lists as `old_sympos` selects it (address order), or every
  /// candidate when it selects none; their subprograms' prototypes.
  private func dwarfPrototypes(
    _ name: String, _ sympos: UInt64, _ loader: TypeLoader, _ symbols: SymbolIndex
  ) throws(FrontendError) -> [FunctionEntity] {
    let candidates = symbols.named(name).filter { symbol in
      symbol.isFunction && Kallsyms.lists(name, symbols.fact(symbol), in: .vmlinux)
    }.sorted { $0.value < $1.value }
    var chosen = Array(candidates.prefix(Self.prototypeCandidates))
    if sympos == 0 && candidates.count == 1 {
      chosen = candidates
    } else if sympos > 0 && sympos <= UInt64(candidates.count) {
      chosen = [candidates[Int(sympos) - 1]]
    }
    var result: [FunctionEntity] = []
    for symbol in chosen {
      do {
        if let f = try loader.function(startingAt: symbol.value) { result.append(f) }
      } catch { throw .loading(error) }
    }
    return result
  }

  /// A module's function, from the tree's copy of the module when it has DWARF (a
  /// debug tree); shipped modules are stripped.
  private func modulePrototype(
    _ function: ObjectFunction, _ tree: ModuleTree?
  ) throws(FrontendError) -> TargetValue<TargetPrototype> {
    guard let tree, let (file, elf) = tree.module(function.object) else {
      return .unknown("module \(function.object) is not in the tree")
    }
    guard elf.hasDWARF else {
      return .unknown("the tree's \(file) has no DWARF to read \(function.name)'s prototype from")
    }
    let loader = TypeLoader(file: elf, workers: .one)
    let list: [FunctionEntity]
    do { list = try loader.functionsWithCode().filter { $0.name == function.name } } catch {
      throw .loading(error)
    }
    guard !list.isEmpty else {
      return .unknown("no DWARF subprogram called \(function.name) in \(file)")
    }
    return .known(TargetPrototype(functions: list, table: normalized(loader.table), source: .dwarf))
  }

  private func normalized(_ table: TypeTable) -> TypeTable {
    var table = table
    ZeroLengthArrays.normalize(&table)
    return table
  }
}
