import ElfDwarf
import LayoutLoader
import LayoutModel
import Livepatch
import ReportSchema
import Verify

/// A livepatch module read for `verify`: what the loader and the livepatch core will
/// read of it (`.modinfo`, `__versions`, undefined symbols, the klp tree, the klp
/// relocations) and, from its DWARF, the types its code uses.
struct PatchModule {
  let path: String
  /// `.modinfo name=` (or `.gnu.linkonce.this_module`).
  let name: String?
  let hasDWARF: Bool
  let facts: PatchFacts

  /// `SHF_RELA_LIVEPATCH`: a section of klp relocations.
  static let relaLivepatch: UInt64 = 0x0010_0000
  static let allocFlag: UInt64 = 0x2

  /// Reads `input`. A module without DWARF (stripped, as shipped) is read through its
  /// symbol table and relocations, with the klp structs of `targetTypes` (as
  /// `--types-from` gives them to other subcommands).
  static func read(
    _ input: ResolvedInput, targetTypes: (any TypeProvider)?
  ) throws(FrontendError) -> PatchModule {
    let elf = try input.elfFile()
    guard elf.header.isRelocatable else {
      throw .verify(.notALivepatch(file: input.path, found: "a linked ELF file, not a module"))
    }
    let analysis = try klpTree(elf, targetTypes: targetTypes)
    guard !analysis.report.patches.isEmpty else {
      throw .verify(.notALivepatch(file: input.path, found: "no klp_patch in it"))
    }
    // Each reading throws its own layer's error: the ELF reads first, then the types.
    let modinfo: Modinfo
    let versions: ModuleVersions
    let undefined: [UndefinedSymbol]
    let relocationSections: [KlpRelocationSection]
    let name: String?
    do {
      modinfo = try Modinfo(of: elf)
      versions = try Self.versions(elf)
      undefined = try Self.undefined(elf)
      relocationSections = try Self.relocationSections(elf)
      name = try Modinfo.moduleName(of: elf)
    } catch {
      throw .reading(error)
    }
    let types: PatchTypes?
    do { types = try Self.types(analysis, of: elf, report: analysis.report) } catch {
      throw .loading(error)
    }
    let facts = PatchFacts(
      vermagic: modinfo.first("vermagic"), livepatchTag: modinfo.has("livepatch"),
      versions: versions, undefined: undefined, isX86: [3, 62].contains(elf.header.machine),
      objects: objects(analysis.report), relocationSections: relocationSections, types: types)
    return PatchModule(path: input.path, name: name, hasDWARF: elf.hasDWARF, facts: facts)
  }

  /// The module's klp tree: from DWARF, or from symbols with the target's klp structs.
  private static func klpTree(
    _ elf: ElfFile, targetTypes: (any TypeProvider)?
  ) throws(FrontendError) -> ModuleAnalysis {
    do {
      if elf.hasDWARF { return try LivepatchReader.analyze(elf) }
      return try LivepatchReader.analyzeBySymbols(elf, own: nil, typesFrom: targetTypes)
    } catch { throw .livepatch(error) }
  }

  static func objects(_ report: InspectReport) -> [KlpObjectFacts] {
    report.patches.flatMap(\.objects).map { object in
      KlpObjectFacts(
        name: object.name,
        funcs: object.funcs.map {
          KlpFuncFacts(oldName: $0.oldName, newFunc: $0.newFunc, oldSympos: $0.oldSympos)
        })
    }
  }

  /// Every named `SHN_UNDEF` symbol `simplify_symbols()` resolves.
  static func undefined(_ elf: ElfFile) throws(ElfDwarfError) -> [UndefinedSymbol] {
    var seen = Set<String>()
    return try elf.symbols().filter { $0.index.rawValue > 0 && $0.isUndefined && !$0.name.isEmpty }
      .filter { seen.insert($0.name).inserted }
      .map { UndefinedSymbol(name: $0.name, weak: $0.binding == 2) }
  }

  /// Every `SHF_RELA_LIVEPATCH` section and the symbols its entries use.
  static func relocationSections(_ elf: ElfFile) throws(ElfDwarfError) -> [KlpRelocationSection] {
    let symbols = try elf.symbols()
    var result: [KlpRelocationSection] = []
    for section in elf.sections where section.flags & relaLivepatch != 0 {
      var seen = Set<Int>()
      var used: [KlpRelocationSymbol] = []
      for relocation in try elf.relocations(in: section) {
        let i = relocation.symbol.rawValue
        guard i > 0, i < symbols.count, seen.insert(i).inserted else { continue }
        used.append(
          KlpRelocationSymbol(
            name: symbols[i].name,
            isLivepatch: symbols[i].rawSectionIndex == SymbolIndex.livepatchIndex))
      }
      result.append(KlpRelocationSection(name: section.name, symbols: used))
    }
    return result
  }
}
