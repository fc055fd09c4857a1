import ReportSchema
import ElfDwarf
import LayoutLoader
import LayoutModel
import System

/// Reads a module and produces its `InspectReport`: the I/O half of inspection, which
/// gathers plain values and hands them to `KlpDecoder`.
public enum LivepatchReader {
  /// Opens and inspects the file at `path` (for tests and tools without a front door).
  public static func inspect(_ path: String) throws(LivepatchError) -> InspectReport {
    try analyze(path).report
  }

  /// Opens the file at `path` (and `typesFrom`) and analyzes it (for tests and tools
  /// without a front door; the command line resolves its inputs in `Frontend`).
  public static func analyze(
    _ path: String, typesFrom: String? = nil
  ) throws(LivepatchError) -> ModuleAnalysis {
    let other: (any TypeProvider)?
    do { other = try typesFrom.map { p throws(LoaderError) in try TypeSources.open(p) } } catch {
      throw .loading(error)
    }
    let file: ElfFile
    do { file = try ElfFile.open(path) } catch { throw .reading(error) }
    return try analyze(file, typesFrom: other)
  }

  /// Reads an opened file for inspection and what-if pricing, its first pass on
  /// `workers` threads (one inside a `scan`, which reads modules side by side).
  public static func analyze(
    _ file: ElfFile, typesFrom: (any TypeProvider)? = nil, workers: Workers = .allCores
  ) throws(LivepatchError) -> ModuleAnalysis {
    guard file.hasDWARF else { throw .reading(.noDWARF(file: file.path, hasBTF: file.hasBTF)) }
    let loader = TypeLoader(file: file, workers: workers)
    let loaded = try loading { () throws(LoaderError) in
      try loader.loadNamedIfPresent(KlpLayouts.typeNames + RecordTypes.names)
    }
    var klp = KlpLayouts(
      layouts: Dictionary(
        loaded.definitions.compactMap { d in loaded.layout(of: d.id).map { (d.name, $0) } }
      ) { a, _ in a },
      table: loaded.table)
    var imported: [String: TypeID] = [:]
    if let other = typesFrom {
      do { try klp.complete(from: other) } catch { throw .loading(error) }
      imported = try importMissing(into: loader, from: other)
    }
    let variables = try placedVariables(file: file, loader: loader, klp: klp)
    let records = recordSections(file, klp)
    let image: ObjectImage
    do { image = try objectImage(file, for: variables, records: records.map(\.index)) } catch {
      throw .reading(error)
    }
    let decoder = KlpDecoder(image: image, klp: klp, variables: variables)
    var report = report(file: file, klp: klp, decoder: decoder)
    addRecords(records, decoder: decoder, klp: klp, to: &report)
    // Pictures draw the klp types this file defines (their member types are named
    // by this file's table; a --types-from layout is sized, not drawn).
    let own = Set(loaded.definitions.map(\.name))
    report.layouts = KlpLayouts.typeNames.filter(own.contains).compactMap { klp.layouts[$0] }
    report.table = klp.table
    return ModuleAnalysis(report: report, loader: loader, klp: klp, imported: imported)
  }

  /// The what-if engine edits the module's own table: the klp structs (and list_head)
  /// it lacks are copied in from `other`, so it can price a records-based module too.
  static func importMissing(
    into loader: TypeLoader, from other: any TypeProvider
  ) throws(LivepatchError) -> [String: TypeID] {
    var missing: [String] = []
    for name in KlpLayouts.typeNames + ["list_head"] {
      let found = try loading { () throws(LoaderError) in
        try loader.resolveSpelling(TypeKey.structure(name).spelling)
      }
      if found == nil { missing.append(name) }
    }
    return try loading { () throws(LoaderError) in try loader.importNamed(missing, from: other) }
  }

  /// `body`, its loader error wrapped.
  static func loading<T>(_ body: () throws(LoaderError) -> T) throws(LivepatchError) -> T {
    do { return try body() } catch { throw .loading(error) }
  }

  /// The klp-typed file-scope variables, each matched to its symbol. Names can repeat
  /// across compile units, so a symbol is used once and sizes break ties.
  static func placedVariables(
    file: ElfFile, loader: TypeLoader, klp: KlpLayouts
  ) throws(LivepatchError) -> [KlpVariable] {
    // A file that defines no klp struct has no variable of one (a declaration is not a
    // definition): most modules of a tree, whose every variable would be read for none.
    guard !klp.layouts.isEmpty else { return [] }
    let wanted = Set(KlpLayouts.typeNames)
    let found = try loading { () throws(LoaderError) in
      try loader.fileScopeVariables { id, table in
        table.elementShape(of: id).map { wanted.contains($0.name) } ?? false
      }
    }
    var symbols: [ElfSymbol]
    do { symbols = try file.symbols().filter { $0.isObject && $0.section != nil } } catch {
      throw .reading(error)
    }
    var result: [KlpVariable] = []
    for variable in found {
      guard let (typeName, declaredCount) = loader.table.elementShape(of: variable.type),
        let elementSize = klp.size(of: typeName), elementSize > 0
      else { continue }
      let candidates = symbols.enumerated().filter { $0.element.name == variable.name }
      let expected = declaredCount.map { $0 &* elementSize }
      guard
        let (position, symbol) = candidates.first(where: { $0.element.size == expected })
          ?? candidates.first,
        let sectionIndex = symbol.section, let section = file.section(at: sectionIndex)
      else { continue }
      symbols.remove(at: position)
      let offset = file.header.isRelocatable ? symbol.value : symbol.value &- section.address
      result.append(
        KlpVariable(
          name: variable.name, elementType: typeName,
          count: declaredCount ?? symbol.size / elementSize,
          section: sectionIndex, sectionName: section.name, offset: offset, elementSize: elementSize
        ))
    }
    return result.sorted { ($0.sectionName, $0.offset) < ($1.sectionName, $1.offset) }
  }

  /// The sections the decoder reads: those holding klp variables (with their
  /// relocations) and every string or read-only data section a pointer may target.
  static func objectImage(
    _ file: ElfFile, for variables: [KlpVariable], records: [SectionIndex]
  ) throws(ElfDwarfError) -> ObjectImage {
    let holding = Set(variables.map(\.section) + records)
    var bytes: [SectionIndex: [UInt8]] = [:]
    var relocations: [SectionIndex: [Relocation]] = [:]
    for section in file.sections where !section.isNoBits {
      // Pointers may target strings anywhere: string sections, .rodata, .kpatch.strings.
      let isTarget =
        section.holdsStrings || section.name.hasPrefix(".rodata")
        || section.name.hasSuffix(".strings")
      guard holding.contains(section.index) || isTarget else { continue }
      bytes[section.index] = try file.contents(of: section.index)
    }
    for index in holding { relocations[index] = try file.relocations(applyingTo: index) }
    return ObjectImage(
      header: file.header, sections: file.sections, bytes: bytes, symbols: try file.symbols(),
      relocations: relocations)
  }

  /// The sections records-based modules keep their records in, with the record type.
  static let recordSectionTypes: [(section: String, type: String)] =
    [
      (".kpatch.funcs", "kpatch_patch_func"), (".init.klp_objects", "klp_object_ext"),
      ("__klp_objects", "klp_object_ext"),
      (".init.klp_funcs", "klp_func_ext"), ("__klp_funcs", "klp_func_ext"),
    ] + RecordTypes.kpatchCallbackKinds.map { ($0.section, $0.type) }

  /// The record sections of a kpatch or klp-build module, sized by the record types.
  static func recordSections(_ file: ElfFile, _ klp: KlpLayouts) -> [RecordSection] {
    recordSectionTypes.compactMap { name, type in
      guard let section = file.section(named: name), let size = klp.size(of: type), size > 0 else {
        return nil
      }
      return RecordSection(
        name: name, index: section.index, elementType: type, elementSize: size,
        count: section.size / size)
    }
  }

  /// Decodes records into the patch the init code will build, and prices its heap.
  static func addRecords(
    _ sections: [RecordSection], decoder: KlpDecoder, klp: KlpLayouts,
    to report: inout InspectReport
  ) {
    guard !sections.isEmpty else { return }
    var objects: [InspectReport.Object]
    if let funcs = sections.first(where: { $0.elementType == "kpatch_patch_func" }) {
      report.records = .kpatch
      objects = decoder.kpatchObjects(funcs)
      decoder.kpatchCallbacks(sections, to: &objects)
    } else if let objectRecords = sections.first(where: { $0.elementType == "klp_object_ext" }) {
      report.records = .klpBuild
      objects = decoder.klpBuildObjects(
        objectRecords, sections.first { $0.elementType == "klp_func_ext" })
    } else {
      return
    }
    let source = "\(report.records!.rawValue) records"
    report.patches.append(
      .init(symbol: "(built at init)", replace: false, objects: objects, states: [], source: source)
    )
    report.arrays += sections.map {
      .init(
        symbol: $0.name, elementType: $0.elementType, count: $0.count, entries: $0.count,
        sentinel: false,
        bytes: $0.count &* $0.elementSize, section: $0.name)
    }
    report.heap = RecordsHeap.price(objects: objects, klp: klp)
    report.livepatch = true
    report.totals.objects += objects.count
    report.totals.funcs += objects.reduce(0) { $0 + $1.funcs.count }
    report.totals.staticBytes = report.arrays.reduce(0) { $0 &+ $1.bytes }
  }

  /// `MODULE_INFO(livepatch, "Y")`: the tag the kernel checks before loading a
  /// livepatch module, in `.modinfo` as the string `livepatch=Y`.
  public static func modinfoSaysLivepatch(_ file: ElfFile) -> Bool {
    guard let modinfo = file.section(named: ".modinfo"),
      let bytes = try? file.contents(of: modinfo.index)
    else { return false }
    return bytes.split(separator: 0).contains { $0.elementsEqual("livepatch=Y".utf8) }
  }

  static func report(file: ElfFile, klp: KlpLayouts, decoder: KlpDecoder) -> InspectReport {
    let types = KlpLayouts.typeNames.compactMap { name -> InspectReport.TypeSize? in
      guard let l = klp.layouts[name] else { return nil }
      return InspectReport.TypeSize(
        name: name, size: l.size, alignment: l.alignment, members: l.members.count,
        holeBytes: l.holeBytes, paddingBytes: l.padding, cachelines: l.cachelines,
        kobjectBytes: l.members.first { $0.name == "kobj" }?.byteSize)
    }
    let arrays = decoder.arrays()
    let patches = decoder.patches()
    let objects = patches.flatMap(\.objects)
    return InspectReport(
      file: file.path, debugFile: file.debugFile?.path, machine: file.header.machineName,
      pointerSize: file.header.addressSize,
      byteOrder: file.header.byteOrder.rawValue, livepatch: !arrays.isEmpty,
      modinfoLivepatch: modinfoSaysLivepatch(file), types: types,
      arrays: arrays, patches: patches,
      totals: .init(
        staticBytes: arrays.reduce(0) { $0 &+ $1.bytes }, objects: objects.count,
        funcs: objects.reduce(0) { $0 + $1.funcs.count }))
  }
}
