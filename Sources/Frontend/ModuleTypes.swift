import ElfDwarf
import LayoutLoader
import Livepatch
import ReportSchema

/// How a module's types are found, the same for every subcommand that reads them
/// (docs/stripped.md): `--source` picks the module's own types (DWARF, or its `.BTF`
/// split on `--btf-base`), `--types-from` completes them, and a module with neither
/// DWARF nor usable BTF is read through its symbol table with the klp structs of
/// `--types-from`. Without any of these, one line names the three ways to give types.
enum ModuleTypes {
  /// For a module not read from DWARF (`usesDWARF` is false): its own `.BTF`, or nil
  /// when it has none that can be read (none at all, or split with no `--btf-base`)
  /// and `typesFrom` stands in. `--source btf` insists on the module's own.
  static func ownBTF(
    _ input: ResolvedInput, typesFrom: (any TypeProvider)?
  ) throws(FrontendError) -> (any TypeProvider)? {
    let elf = try input.elfFile()
    let source = input.options.typeSource
    if source == .btf { return try input.types() }
    guard elf.hasBTF else {
      guard typesFrom != nil else { throw noSource(elf) }
      return nil
    }
    do { return try input.types(source: .btf) } catch {
      // Split BTF without its base: --types-from gives the klp structs instead.
      guard case .loading(.btf(.needsBase)) = error else { throw error }
      guard typesFrom != nil else { throw noSource(elf) }
      return nil
    }
  }

  /// Whether the module is read from its DWARF (its own or a `--debug-dir` file).
  static func usesDWARF(_ input: ResolvedInput) throws(FrontendError) -> Bool {
    let elf = try input.elfFile()
    switch input.options.typeSource {
    case .dwarf:
      guard elf.hasDWARF else { throw .reading(.noDWARF(file: elf.path, hasBTF: elf.hasBTF)) }
      return true
    case .auto: return elf.hasDWARF
    case .btf: return false
    }
  }

  /// A module's livepatch analysis: from DWARF when it is read from DWARF (unchanged
  /// since before symbol-table reading existed), else through its symbol table.
  static func analyze(
    _ input: ResolvedInput, typesFrom: (any TypeProvider)?
  ) throws(FrontendError) -> ModuleAnalysis {
    let elf = try input.elfFile()
    if try usesDWARF(input) {
      do {
        return try LivepatchReader.analyze(
          elf, typesFrom: typesFrom, workers: input.options.workers)
      } catch {
        throw .livepatch(error)
      }
    }
    let own = try ownBTF(input, typesFrom: typesFrom)
    do { return try LivepatchReader.analyzeBySymbols(elf, own: own, typesFrom: typesFrom) } catch {
      throw .livepatch(error)
    }
  }

  /// The types to lay out for `diff`, `check` and `baseline`.
  struct LayoutTypes {
    var provider: any TypeProvider
    /// The module has no types of its own: these are `--types-from`'s, and the caller
    /// keeps to the klp structs (the rest of a vmlinux says nothing of the module).
    var borrowed: Bool
    /// A module read without DWARF: its `.BTF` holds its own types only (the kernel's,
    /// the klp structs among them, are its base's), so types are asked for by name.
    var byName: Bool
  }

  /// The module's own types, or, for a module that has none, `typesFrom`'s.
  static func layoutTypes(
    _ input: ResolvedInput, typesFrom: (any TypeProvider)?
  ) throws(FrontendError) -> LayoutTypes {
    guard let elf = try? input.elfFile(), elf.header.isRelocatable else {
      return LayoutTypes(provider: try input.types(), borrowed: false, byName: false)
    }
    if try usesDWARF(input) {
      return LayoutTypes(provider: try input.types(), borrowed: false, byName: false)
    }
    if let own = try ownBTF(input, typesFrom: typesFrom) {
      return LayoutTypes(provider: own, borrowed: false, byName: true)
    }
    guard let typesFrom else { throw noSource(elf) }
    return LayoutTypes(provider: typesFrom, borrowed: true, byName: true)
  }

  /// Those of the struct `names` that `provider` defines.
  static func defined(
    _ names: [String], in provider: any TypeProvider
  ) throws(FrontendError) -> [String] {
    let found: LoadedFile
    do { found = try provider.loadNamedIfPresent(names) } catch { throw .loading(error) }
    let defined = Set(found.definitions.map(\.name))
    return names.filter(defined.contains)
  }

  /// The livepatch report of a module for `baseline` and `diff`, which read any module:
  /// nil for one read without DWARF that holds no patch (`mayHoldPatch`) and whose
  /// types define no klp struct, instead of the error `inspect` gives it.
  static func livepatchReport(
    _ input: ResolvedInput, typesFrom: (any TypeProvider)?
  ) throws(FrontendError) -> InspectReport? {
    do { return try InspectUseCase.analyze(input, typesFrom: typesFrom).report } catch {
      guard case .livepatch(.noKlpTypes) = error else { throw error }
      let elf = try input.elfFile()
      let holds: Bool
      do { holds = try LivepatchReader.mayHoldPatch(elf) } catch {
        throw .livepatch(error)
      }
      if holds { throw error }
      return nil
    }
  }

  /// "No types": the one line that names the three ways to give them.
  static func noSource(_ elf: ElfFile) -> FrontendError {
    .noTypeSource(file: elf.path, hasBTF: elf.hasBTF)
  }
}
