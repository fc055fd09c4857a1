import LayoutModel

/// What a livepatch module says about itself, read from its ELF file (and DWARF when
/// it has some): the values the checks compare against a target.
public struct PatchFacts: Sendable {
  /// `.modinfo`'s first `vermagic=` value; nil when there is none.
  public var vermagic: String?
  /// `.modinfo` has a `livepatch` tag (`MODULE_INFO(livepatch, "Y")`).
  public var livepatchTag: Bool
  public var versions: ModuleVersions
  /// Every undefined symbol the loader resolves (`simplify_symbols()`), in table order.
  public var undefined: [UndefinedSymbol]
  /// `EM_386` or `EM_X86_64`: `_GLOBAL_OFFSET_TABLE_` may stay undefined there.
  public var isX86: Bool
  /// The klp objects of every `klp_patch`, in order.
  public var objects: [KlpObjectFacts]
  /// Every `SHF_RELA_LIVEPATCH` section, in section order.
  public var relocationSections: [KlpRelocationSection]
  /// What its DWARF says of the types its code uses; nil without DWARF.
  public var types: PatchTypes?

  public init(
    vermagic: String?, livepatchTag: Bool, versions: ModuleVersions,
    undefined: [UndefinedSymbol], isX86: Bool, objects: [KlpObjectFacts],
    relocationSections: [KlpRelocationSection] = [], types: PatchTypes? = nil
  ) {
    self.vermagic = vermagic
    self.livepatchTag = livepatchTag
    self.versions = versions
    self.undefined = undefined
    self.isX86 = isX86
    self.objects = objects
    self.relocationSections = relocationSections
    self.types = types
  }
}

/// A module's symbol versions: the `__versions` section (`struct modversion_info`) and,
/// from Linux 6.14 on, the extended `__version_ext_crcs`/`__version_ext_names` tables.
public struct ModuleVersions: Sendable, Equatable {
  /// The loader's `info->index.vers` is set: an `SHF_ALLOC` `__versions` section. It
  /// decides `same_magic()`'s `has_crcs`.
  public var hasVersionsSection: Bool
  /// Its entries in order.
  public var entries: [VersionEntry]
  /// The extended tables, when present (then used instead of `entries`).
  public var extended: [VersionEntry]?
  /// Why the extended tables cannot be used (one without the other, more CRCs than
  /// names): the loader refuses the module.
  public var extendedProblem: String?

  public init(
    hasVersionsSection: Bool, entries: [VersionEntry], extended: [VersionEntry]? = nil,
    extendedProblem: String? = nil
  ) {
    self.hasVersionsSection = hasVersionsSection
    self.entries = entries
    self.extended = extended
    self.extendedProblem = extendedProblem
  }

  /// A module built without `CONFIG_MODVERSIONS`.
  public static let none = ModuleVersions(hasVersionsSection: false, entries: [])
}

/// One symbol version: the name and the CRC as stored (an `unsigned long`).
public struct VersionEntry: Sendable, Equatable {
  public var name: String
  public var crc: UInt64

  public init(name: String, crc: UInt64) {
    self.name = name
    self.crc = crc
  }
}

/// An `SHN_UNDEF` symbol of the module.
public struct UndefinedSymbol: Sendable, Equatable {
  public var name: String
  /// `STB_WEAK`: left at 0 when nothing exports it.
  public var weak: Bool

  public init(name: String, weak: Bool = false) {
    self.name = name
    self.weak = weak
  }
}

/// One `klp_object`: its name (nil for vmlinux) and its funcs.
public struct KlpObjectFacts: Sendable, Equatable {
  public var name: String?
  public var funcs: [KlpFuncFacts]

  public init(name: String?, funcs: [KlpFuncFacts]) {
    self.name = name
    self.funcs = funcs
  }

  /// How reports name the object: `vmlinux` when the name is NULL.
  public var label: String { name ?? "vmlinux" }
}

/// One `klp_func`.
public struct KlpFuncFacts: Sendable, Equatable {
  /// `old_name`; nil when the pointer is NULL.
  public var oldName: String?
  /// The replacement's symbol name, when known.
  public var newFunc: String?
  public var oldSympos: UInt64

  public init(oldName: String?, newFunc: String?, oldSympos: UInt64) {
    self.oldName = oldName
    self.newFunc = newFunc
    self.oldSympos = oldSympos
  }
}

/// One `SHF_RELA_LIVEPATCH` section and the symbols its relocations use, each once, in
/// order of first use.
public struct KlpRelocationSection: Sendable, Equatable {
  public var name: String
  public var symbols: [KlpRelocationSymbol]

  public init(name: String, symbols: [KlpRelocationSymbol]) {
    self.name = name
    self.symbols = symbols
  }
}

/// A symbol a klp relocation refers to.
public struct KlpRelocationSymbol: Sendable, Equatable {
  public var name: String
  /// `st_shndx == SHN_LIVEPATCH`.
  public var isLivepatch: Bool

  public init(name: String, isLivepatch: Bool) {
    self.name = name
    self.isLivepatch = isLivepatch
  }
}

/// The types a patch's code uses, from its DWARF.
public struct PatchTypes: Sendable {
  /// The patch's named structs and unions in `aggregates` (loaded in full), the
  /// enumerators of its enums in `enumerators`, and each replacement function under
  /// its own name in `functions`.
  public var entities: ProgramEntities
  /// The structs, unions and enums its code uses, in the order found.
  public var used: [TypeKey]
  /// Those of `used` its own sources define (declared in its own directory): not
  /// types of the target's vmlinux.
  public var own: Set<TypeKey>
  /// The enums of `used` with their sizes.
  public var enumSizes: [String: UInt64]

  public init(
    entities: ProgramEntities, used: [TypeKey], own: Set<TypeKey> = [],
    enumSizes: [String: UInt64] = [:]
  ) {
    self.entities = entities
    self.used = used
    self.own = own
    self.enumSizes = enumSizes
  }
}
