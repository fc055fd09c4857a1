import ElfDwarf
import LayoutLoader
import LayoutModel

/// Reads a module and produces its `InspectReport`: the I/O half of inspection, which
/// gathers plain values and hands them to `KlpDecoder`.
public enum LivepatchReader {
  /// Inspects the file at `path`.
  public static func inspect(_ path: String) throws(LivepatchError) -> InspectReport {
    try analyze(path).report
  }

  /// Reads the file at `path` for inspection and what-if pricing; `debugFile`, when
  /// given, supplies the DWARF of a stripped module.
  public static func analyze(_ path: String, debugFile: String? = nil) throws(LivepatchError) -> ModuleAnalysis {
    let file: ElfFile
    do {
      file = try ElfFile.open(path)
      if let debugFile, !file.hasDWARF { return try analyze(file.attachingDebugInfo(from: debugFile)) }
    } catch let error as ElfDwarfError {
      throw .reading(error.description)
    } catch let error as LivepatchError {
      throw error
    } catch {
      throw .reading("\(path): \(error)")
    }
    return try analyze(file)
  }

  /// Reads an opened file for inspection and what-if pricing.
  public static func analyze(_ file: ElfFile) throws(LivepatchError) -> ModuleAnalysis {
    let path = file.path
    guard file.hasDWARF else { throw .reading(ElfDwarfError.noDWARF(file: path, hasBTF: file.hasBTF).description) }
    do {
      let loader = TypeLoader(file: file)
      let loaded = try loader.loadNamedIfPresent(KlpLayouts.typeNames)
      let klp = KlpLayouts(
        layouts: Dictionary(loaded.definitions.compactMap { d in loaded.layout(of: d.id).map { (d.name, $0) } }) { a, _ in a },
        table: loaded.table)
      let variables = try placedVariables(file: file, loader: loader, klp: klp)
      let image = try objectImage(file, for: variables)
      let decoder = KlpDecoder(image: image, klp: klp, variables: variables)
      return ModuleAnalysis(report: report(file: file, klp: klp, decoder: decoder), loader: loader, klp: klp)
    } catch let error as LoaderError {
      throw .reading(error.description)
    } catch let error as ElfDwarfError {
      throw .reading(error.description)
    } catch {
      throw .reading("\(path): \(error)")
    }
  }

  /// The klp-typed file-scope variables, each matched to its symbol. Names can repeat
  /// across compile units, so a symbol is used once and sizes break ties.
  static func placedVariables(file: ElfFile, loader: TypeLoader, klp: KlpLayouts) throws -> [KlpVariable] {
    let wanted = Set(KlpLayouts.typeNames)
    let found = try loader.fileScopeVariables { id, table in
      elementShape(id, table).map { wanted.contains($0.name) } ?? false
    }
    var symbols = try file.symbols().filter { $0.isObject && $0.section != nil }
    var result: [KlpVariable] = []
    for variable in found {
      guard let (typeName, declaredCount) = elementShape(variable.type, loader.table),
        let elementSize = klp.size(of: typeName), elementSize > 0
      else { continue }
      let candidates = symbols.enumerated().filter { $0.element.name == variable.name }
      let expected = declaredCount.map { $0 &* elementSize }
      guard let (position, symbol) = candidates.first(where: { $0.element.size == expected }) ?? candidates.first,
        let sectionIndex = symbol.section, let section = file.section(at: sectionIndex)
      else { continue }
      symbols.remove(at: position)
      let offset = file.header.isRelocatable ? symbol.value : symbol.value &- section.address
      result.append(
        KlpVariable(
          name: variable.name, elementType: typeName, count: declaredCount ?? symbol.size / elementSize,
          section: sectionIndex, sectionName: section.name, offset: offset, elementSize: elementSize))
    }
    return result.sorted { ($0.sectionName, $0.offset) < ($1.sectionName, $1.offset) }
  }

  /// For a klp struct or an array of one: the struct's name and the element count
  /// (nil for an array of unknown bound).
  static func elementShape(_ id: TypeID, _ table: TypeTable) -> (name: String, count: UInt64?)? {
    switch table.resolved(id) {
    case .aggregate(let a)?:
      return a.name.map { ($0, 1) }
    case .array(let element, let counts)?:
      guard let name = table.aggregate(element)?.name else { return nil }
      var total: UInt64? = 1
      for count in counts {
        guard let c = count, let t = total else { total = nil; break }
        total = t.multipliedReportingOverflow(by: c).overflow ? nil : t * c
      }
      return (name, total)
    default:
      return nil
    }
  }

  /// The sections the decoder reads: those holding klp variables (with their
  /// relocations) and every string or read-only data section a pointer may target.
  static func objectImage(_ file: ElfFile, for variables: [KlpVariable]) throws -> ObjectImage {
    let holding = Set(variables.map(\.section))
    var bytes: [SectionIndex: [UInt8]] = [:]
    var relocations: [SectionIndex: [Relocation]] = [:]
    for section in file.sections where !section.isNoBits {
      let isTarget = section.holdsStrings || section.name.hasPrefix(".rodata")
      guard holding.contains(section.index) || isTarget else { continue }
      bytes[section.index] = try file.contents(of: section.index)
    }
    for index in holding { relocations[index] = try file.relocations(applyingTo: index) }
    return ObjectImage(
      header: file.header, sections: file.sections, bytes: bytes, symbols: try file.symbols(),
      relocations: relocations)
  }

  /// `MODULE_INFO(livepatch, "Y")`: the tag the kernel checks before loading a
  /// livepatch module, in `.modinfo` as the string `livepatch=Y`.
  public static func modinfoSaysLivepatch(_ file: ElfFile) -> Bool {
    guard let modinfo = file.section(named: ".modinfo"), let bytes = try? file.contents(of: modinfo.index) else { return false }
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
      file: file.path, machine: file.header.machineName, pointerSize: file.header.addressSize,
      byteOrder: file.header.byteOrder.rawValue, livepatch: !arrays.isEmpty, modinfoLivepatch: modinfoSaysLivepatch(file), types: types,
      arrays: arrays, patches: patches,
      totals: .init(
        staticBytes: arrays.reduce(0) { $0 &+ $1.bytes }, objects: objects.count,
        funcs: objects.reduce(0) { $0 + $1.funcs.count }))
  }
}
