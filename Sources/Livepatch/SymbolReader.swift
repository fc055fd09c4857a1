import ElfDwarf
import LayoutLoader
import LayoutModel
import ReportSchema

/// The klp struct layouts a module without DWARF is read with, and where they came
/// from: the module's own `.BTF` or the `--types-from` file (a debug vmlinux, raw BTF,
/// `/sys/kernel/btf/vmlinux`). A value: `scan` loads it once and shares it.
public struct KlpTypes: Sendable {
  public var layouts: KlpLayouts
  /// The source and file that defined `struct klp_patch` (the others were completed
  /// from the next source when it lacked them).
  public var source: TypeSource
  public var file: String
  /// The names whose layouts are drawn with `layouts.table` (the defining source's).
  var drawable: Set<String>

  /// The klp and record structs of the first of `providers` that defines
  /// `struct klp_patch`, completed from the others; nil when none defines it. Also
  /// returns which provider that was.
  public static func load(
    from providers: [any TypeProvider]
  ) throws(LoaderError) -> (types: KlpTypes, provider: Int)? {
    let names = KlpLayouts.typeNames + RecordTypes.names
    var loaded: [LoadedFile] = []
    for provider in providers { loaded.append(try provider.loadNamedIfPresent(names)) }
    guard
      let primary = loaded.firstIndex(where: { file in
        file.definitions.contains { $0.name == "klp_patch" }
      })
    else { return nil }
    var layouts = KlpLayouts(layouts: layouts(of: loaded[primary]), table: loaded[primary].table)
    let drawable = Set(layouts.layouts.keys)
    for other in loaded.indices where other != primary {
      for (name, layout) in Self.layouts(of: loaded[other]) where layouts.layouts[name] == nil {
        layouts.layouts[name] = layout
      }
    }
    let types = KlpTypes(
      layouts: layouts, source: providers[primary].source, file: providers[primary].path,
      drawable: drawable)
    return (types, primary)
  }

  private static func layouts(of file: LoadedFile) -> [String: StructLayout] {
    Dictionary(file.definitions.compactMap { d in file.layout(of: d.id).map { (d.name, $0) } }) {
      a, _ in a
    }
  }
}

extension LivepatchReader {
  /// Record sections are read with the module's own record structs (they are not the
  /// kernel's): refused when the types given lack them.
  static func requireRecordTypes(_ file: ElfFile, _ types: KlpTypes) throws(LivepatchError) {
    guard
      let (section, type) = recordSectionTypes.first(where: { s, t in
        file.section(named: s) != nil && types.layouts.size(of: t) == nil
      })
    else { return }
    throw .badVariable(
      file: file.path, symbol: section,
      reason:
        "records of struct \(type), which \(types.file) does not define: read the module with its own types (--debug-dir, or --source btf for its .BTF)"
    )
  }

  /// `klp_enable_patch`, undefined: the module calls it, so it holds a patch.
  static func enablesPatch(_ symbol: ElfSymbol) -> Bool {
    symbol.isUndefined && symbol.name == "klp_enable_patch"
  }

  /// Whether anything in the file says it is a livepatch without its types being read:
  /// it calls `klp_enable_patch()`, keeps kpatch or klp-build records, or says
  /// `livepatch=Y` in `.modinfo`. A file with none of these read without DWARF (a
  /// plain object with its `.BTF`) is no livepatch, whatever types were given.
  public static func mayHoldPatch(_ file: ElfFile) throws(LivepatchError) -> Bool {
    if LivepatchReader.modinfoSaysLivepatch(file) { return true }
    if LivepatchReader.recordSectionTypes.contains(where: { file.section(named: $0.section) != nil }
    ) {
      return true
    }
    do { return try file.symbols().contains(where: enablesPatch) } catch { throw .reading(error) }
  }

  /// Reads a module without DWARF (or with `--source btf`): the klp structs from `own`
  /// (the module's `.BTF`) or `typesFrom`, the klp variables from the symbol table and
  /// relocations (`SymbolVariables`). Throws `noKlpTypes` when neither defines them.
  public static func analyzeBySymbols(
    _ file: ElfFile, own: (any TypeProvider)?, typesFrom: (any TypeProvider)?
  ) throws(LivepatchError) -> ModuleAnalysis {
    let providers = [own, typesFrom].compactMap { $0 }
    let found: (types: KlpTypes, provider: Int)?
    do { found = try KlpTypes.load(from: providers) } catch { throw .loading(error) }
    guard let found else {
      throw .noKlpTypes(file: file.path, sources: providers.map { $0.path })
    }
    let report = try inspectBySymbols(file, types: found.types)
    return ModuleAnalysis(
      report: report, loader: providers[found.provider], klp: found.types.layouts)
  }

  /// The inspection of a module without DWARF, with layouts already loaded.
  public static func inspectBySymbols(
    _ file: ElfFile, types: KlpTypes
  ) throws(LivepatchError) -> InspectReport {
    let klp = types.layouts
    try requireRecordTypes(file, types)
    let variables = try SymbolVariables.find(in: file, klp: klp)
    let records = recordSections(file, klp)
    let image: ObjectImage
    do { image = try objectImage(file, for: variables, records: records.map(\.index)) } catch {
      throw .reading(error)
    }
    let decoder = KlpDecoder(image: image, klp: klp, variables: variables)
    var report = report(file: file, klp: klp, decoder: decoder)
    addRecords(records, decoder: decoder, klp: klp, to: &report)
    // Finding nothing is an answer only when the module does not enable a patch.
    if report.patches.isEmpty, image.symbols.contains(where: enablesPatch) {
      throw .patchNotFound(file: file.path)
    }
    report.layouts = KlpLayouts.typeNames.filter(types.drawable.contains).compactMap {
      klp.layouts[$0]
    }
    report.table = klp.table
    report.typeSource = types.source.rawValue
    report.typesFrom = types.file
    report.variablesFrom = "symbols"
    return report
  }
}
