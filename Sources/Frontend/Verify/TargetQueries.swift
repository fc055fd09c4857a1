import ElfDwarf
import LayoutLoader
import LayoutModel
import Verify

extension KernelTarget {
  /// Everything the modules ask of this target (and of the module tree), read once.
  func facts(
    for questions: VerifyQuestions, tree: ModuleTree?
  ) throws(FrontendError)
    -> TargetFacts
  {
    var exports = try self.exports(of: questions.exports)
    if case .known(var table) = exports, let tree {
      let missing = questions.exports.filter { table.crcs[$0] == nil }
      table.fromModules = try tree.exports(of: Set(missing))
      exports = .known(table)
    }
    let btfFunctions = (types as? BTFTypeLoader)?.functions(
      named: questions.vmlinuxSymbols.union(questions.prototypes.keys.map(\.name)))
    let loaded = try loadTypes(questions)
    let (enablePatch, source) = enablePatch()
    return TargetFacts(
      vermagic: try vermagic(),
      exports: exports,
      symbols: symbols.map { .known($0.facts(for: questions.vmlinuxSymbols)) }
        ?? .unknown(
          isRawBTF ? "a raw BTF target has no symbol table" : "the target has no symbol table"),
      btfFunctions: btfFunctions.map { .known(Set($0.keys)) }
        ?? .unknown("the target has no BTF of its functions"),
      tree: try treeFacts(questions, tree),
      types: loaded.types,
      prototypes: try prototypes(questions, tree: tree, btf: btfFunctions),
      livepatch: LivepatchSupport(
        enablePatch: enablePatch, enablePatchSource: source, klpTypes: loaded.klpTypes))
  }

  /// Every definition of `keys`, types that differ from the first definition of their
  /// name (the first pass stops at it): one of the others may be the patch's (the
  /// kernel has several `struct irq_info`). True when something changed.
  func everyDefinition(
    of keys: [TypeKey], in facts: inout TargetFacts
  ) throws(FrontendError)
    -> Bool
  {
    guard !keys.isEmpty, case .known(var known) = facts.types, !known.everyDefinition,
      let dwarf = types as? TypeLoader
    else { return false }
    let keyed: KeyedTypes
    do { keyed = try dwarf.definitions(of: keys, every: true) } catch { throw .loading(error) }
    var table = dwarf.table
    ZeroLengthArrays.normalize(&table)
    known.entities.table = table
    for key in keys {
      let first = known.entities.aggregates[key]
      known.alternatives[key] = (keyed.aggregates[key] ?? []).filter { $0 != first }
    }
    known.everyDefinition = true
    facts.types = .known(known)
    return true
  }

  /// The module objects asked about, their symbols, and what the tree holds.
  private func treeFacts(
    _ questions: VerifyQuestions, _ tree: ModuleTree?
  ) throws(FrontendError) -> TargetValue<ModuleTreeFacts> {
    guard let tree else { return .unknown("no module tree given (--modules)") }
    var symbols: [String: [String: [SymbolFact]]] = [:]
    for (object, names) in questions.moduleSymbols.sorted(by: { $0.key < $1.key }) {
      guard let (_, elf) = tree.module(object) else { continue }
      do { symbols[object] = try SymbolIndex(elf).facts(for: names, byAddress: false) } catch {
        throw .reading(error)
      }
    }
    return .known(
      ModuleTreeFacts(
        modules: tree.modules, builtin: tree.builtin, complete: tree.complete,
        unreadable: tree.unreadable, symbols: symbols))
  }

  /// The types asked for, by name only (never the whole file), and which klp structs
  /// are among them.
  private func loadTypes(
    _ questions: VerifyQuestions
  ) throws(FrontendError) -> (types: TargetValue<TargetTypes>, klpTypes: TargetValue<Set<String>>) {
    guard let types else {
      let why = "the target has no DWARF or BTF"
      return (.unknown(why), .unknown(why))
    }
    let keys = questions.types.sorted()
    let keyed: KeyedTypes
    if let dwarf = types as? TypeLoader {
      let presence = BTFPresence(target: self)
      do { keyed = try dwarf.definitions(of: keys, worthSearching: presence.has) } catch {
        throw .loading(error)
      }
    } else if let btf = types as? BTFTypeLoader {
      keyed = btf.definitions(of: keys)
    } else {
      return (.unknown("unsupported type source"), .unknown("unsupported type source"))
    }
    let klp = Set(
      LivepatchSupport.requiredTypes.filter { keyed.aggregates[.structure($0)] != nil })
    return (.known(TargetTypesBuilder.build(keyed, source: types.source)), .known(klp))
  }
}

/// `KeyedTypes` as the engine takes them.
enum TargetTypesBuilder {
  static func build(_ keyed: KeyedTypes, source: TypeSource) -> TargetTypes {
    var enumerators: [String: EnumeratorEntity] = [:]
    var sizes: [String: UInt64?] = [:]
    for (name, e) in keyed.enumerations {
      sizes[name] = e.byteSize
      for c in e.enumerators where enumerators[c.name] == nil {
        enumerators[c.name] = EnumeratorEntity(
          name: c.name, enumName: name, value: EnumValues.normalized(c.bits, size: e.byteSize))
      }
    }
    var table = keyed.table
    ZeroLengthArrays.normalize(&table)
    return TargetTypes(
      source: source,
      entities: ProgramEntities(
        table: table, aggregates: keyed.aggregates.compactMapValues(\.first),
        enumerators: enumerators),
      alternatives: keyed.aggregates.mapValues { Array($0.dropFirst()) }.filter {
        !$0.value.isEmpty
      },
      enums: sizes, everyDefinition: keyed.everyDefinition)
  }
}

/// Enumerator values compared as the enum's bytes hold them: DWARF gives `-1` signed,
/// BTF may give it as the unsigned 32-bit pattern.
enum EnumValues {
  static func normalized(_ bits: UInt64, size: UInt64?) -> Int64 {
    guard let size, size > 0, size < 8 else { return Int64(bitPattern: bits) }
    return Int64(bitPattern: bits & ((1 << (size * 8)) - 1))
  }
}

/// A debug vmlinux's own `.BTF`, asked only whether it has a type: pahole encodes every
/// named type of vmlinux's DWARF into it, so a name it lacks is not worth a pass over
/// every unit of the DWARF (a type of the patch's own, most often). Read on first use;
/// without a readable `.BTF` every name is searched for.
final class BTFPresence {
  private let target: KernelTarget
  private var btf: BTFTypeLoader??

  init(target: KernelTarget) { self.target = target }

  func has(_ key: TypeKey) -> Bool {
    if btf == nil { btf = .some(target.ownBTF()) }
    guard let loader = btf ?? nil else { return true }
    return loader.has(key)
  }
}
