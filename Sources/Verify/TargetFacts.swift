import LayoutModel

/// A fact of the target that it may not have: a raw BTF has no version string, no
/// symbol table, no CRCs. A check whose input is `unknown` answers `unknown`.
public enum TargetValue<Value: Sendable>: Sendable {
  case known(Value)
  /// Why the target cannot say.
  case unknown(String)

  public var value: Value? {
    if case .known(let v) = self { return v }
    return nil
  }
}

/// What the target kernel says, read by the front door for the names a module asks
/// about (a vmlinux has 150,000 symbols; only those named by the module are here).
public struct TargetFacts: Sendable {
  /// `VERMAGIC_STRING`, the `vermagic` object in `.rodata`.
  public var vermagic: TargetValue<String>
  /// vmlinux's exports and their CRCs.
  public var exports: TargetValue<ExportTable>
  /// vmlinux's symbols of the names asked for (every entry of each name, in address
  /// order); unknown without a symbol table.
  public var symbols: TargetValue<[String: [SymbolFact]]>
  /// The BTF `FUNC` names among those asked for; unknown without BTF.
  public var btfFunctions: TargetValue<Set<String>>
  /// The module tree; unknown without `--modules`.
  public var tree: TargetValue<ModuleTreeFacts>
  /// The types the modules use, as the target lays them out; unknown without types.
  public var types: TargetValue<TargetTypes>
  /// The functions patched, as the target declares them, by object and name.
  public var prototypes: [ObjectFunction: TargetValue<TargetPrototype>]
  public var livepatch: LivepatchSupport

  public init(
    vermagic: TargetValue<String>, exports: TargetValue<ExportTable>,
    symbols: TargetValue<[String: [SymbolFact]]>, btfFunctions: TargetValue<Set<String>>,
    tree: TargetValue<ModuleTreeFacts>, types: TargetValue<TargetTypes>,
    prototypes: [ObjectFunction: TargetValue<TargetPrototype>] = [:], livepatch: LivepatchSupport
  ) {
    self.vermagic = vermagic
    self.exports = exports
    self.symbols = symbols
    self.btfFunctions = btfFunctions
    self.tree = tree
    self.types = types
    self.prototypes = prototypes
    self.livepatch = livepatch
  }
}

/// A function of an object: `vmlinux` or a module name, and the symbol name.
public struct ObjectFunction: Sendable, Hashable {
  public var object: String
  public var name: String

  public init(object: String, name: String) {
    self.object = object
    self.name = name
  }
}

/// vmlinux's exported symbols (`__ksymtab`, `__ksymtab_gpl`) with the CRC each
/// `__kcrctab` entry holds, for the names asked for; and exports of the tree's modules.
public struct ExportTable: Sendable {
  /// Exported name → CRC (nil when the target has no CRC for it).
  public var crcs: [String: UInt32?]
  /// Whether the target has CRC tables at all (`CONFIG_MODVERSIONS`).
  public var hasCRCTables: Bool
  /// Names no vmlinux table exports but a module of the tree does: the module and its CRC.
  public var fromModules: [String: (module: String, crc: UInt32?)]

  public init(
    crcs: [String: UInt32?], hasCRCTables: Bool,
    fromModules: [String: (module: String, crc: UInt32?)] = [:]
  ) {
    self.crcs = crcs
    self.hasCRCTables = hasCRCTables
    self.fromModules = fromModules
  }
}

/// The module tree (`--modules`): which module names it has and which are built in.
public struct ModuleTreeFacts: Sendable {
  /// Module name (`.modinfo name=`, else `.gnu.linkonce.this_module`) → its file,
  /// relative to the tree, for every module file read.
  public var modules: [String: String]
  /// Built-in module name → its `modules.builtin` line.
  public var builtin: [String: String]
  /// Whether every module file of the tree was read (otherwise only those whose file
  /// name suggested a name asked for).
  public var complete: Bool
  /// Module files whose name could not be read, with why.
  public var unreadable: [String: String]
  /// The symbols, of the names asked for, of each module found.
  public var symbols: [String: [String: [SymbolFact]]]

  public init(
    modules: [String: String], builtin: [String: String], complete: Bool,
    unreadable: [String: String] = [:], symbols: [String: [String: [SymbolFact]]] = [:]
  ) {
    self.modules = modules
    self.builtin = builtin
    self.complete = complete
    self.unreadable = unreadable
    self.symbols = symbols
  }
}

/// The target's types, for the names the modules use.
public struct TargetTypes: Sendable {
  /// `dwarf` or `btf`, and the file read.
  public var source: TypeSource
  /// The first definition of each struct and union found, in `aggregates`; the
  /// enumerators of each enum found, in `enumerators`.
  public var entities: ProgramEntities
  /// Further distinct definitions of a name (the kernel has several `struct irq_info`).
  public var alternatives: [TypeKey: [TypeID]]
  /// The enums found, with their sizes (nil for a declaration).
  public var enums: [String: UInt64?]
  /// Whether the lookup saw every definition (otherwise only the first of each name).
  public var everyDefinition: Bool

  public init(
    source: TypeSource, entities: ProgramEntities, alternatives: [TypeKey: [TypeID]] = [:],
    enums: [String: UInt64?] = [:], everyDefinition: Bool = true
  ) {
    self.source = source
    self.entities = entities
    self.alternatives = alternatives
    self.enums = enums
    self.everyDefinition = everyDefinition
  }
}

/// A patched function as the target declares it.
public struct TargetPrototype: Sendable {
  /// The candidates' distinct prototypes over `table`: one when the symbol `old_sympos`
  /// selects was found (DWARF, by address), or when all same-named functions agree.
  public var functions: [FunctionEntity]
  public var table: TypeTable
  /// `DWARF` or `BTF`: where the prototype came from.
  public var source: TypeSource

  public init(functions: [FunctionEntity], table: TypeTable, source: TypeSource) {
    self.functions = functions
    self.table = table
    self.source = source
  }
}

/// Whether the target can load livepatches.
public struct LivepatchSupport: Sendable {
  /// `klp_enable_patch`'s kind in the symbol table (or BTF), nil when absent; unknown
  /// when the target has neither.
  public var enablePatch: TargetValue<SymbolFact.Kind?>
  /// Where it was looked up: `symbol table` or `BTF`.
  public var enablePatchSource: String
  /// The klp structs the target's types define; unknown without types.
  public var klpTypes: TargetValue<Set<String>>

  public init(
    enablePatch: TargetValue<SymbolFact.Kind?>, enablePatchSource: String,
    klpTypes: TargetValue<Set<String>>
  ) {
    self.enablePatch = enablePatch
    self.enablePatchSource = enablePatchSource
    self.klpTypes = klpTypes
  }

  /// The klp structs a livepatch module is built on.
  public static let requiredTypes = ["klp_patch", "klp_object", "klp_func"]
}
