import ElfDwarf
import System
import LayoutLoader
import LayoutModel
import Livepatch
import ReportSchema

/// `baseline`: the sizes and layouts to hold later builds to.
public enum BaselineUseCase {
  /// The klp types of a livepatch module by default, else every named struct and union.
  /// A budget must name a type the baseline records (or `staticKlpBytes`).
  public static func run(
    _ input: ResolvedInput, types: [String], budgets: [Baseline.Budget],
    typesFrom: (any TypeProvider)? = nil
  ) throws(FrontendError) -> Baseline {
    // Livepatch metadata lives in modules (ET_REL); a vmlinux has none.
    let report =
      input.isModule ? try ModuleTypes.livepatchReport(input, typesFrom: typesFrom) : nil
    var names = types.map { TypeSpec(parsing: $0).name }
    if names.isEmpty, let report, report.livepatch { names = report.types.map(\.name) }
    let types = try ModuleTypes.layoutTypes(input, typesFrom: typesFrom)
    // Read in --types-from's types, a module records the klp structs, not a kernel's worth.
    if names.isEmpty && types.borrowed {
      names = try ModuleTypes.defined(KlpLayouts.typeNames, in: types.provider)
    }
    let result: LayoutResult
    do {
      result = try LayoutRequest(
        provider: types.provider, types: names, typesFrom: types.borrowed ? nil : typesFrom
      ).run()
    } catch {
      throw .loading(error)
    }
    let staticBytes = report?.livepatch == true ? report?.totals.staticBytes : nil
    // Borrowed raw BTF knows no machine; the module's ELF header does.
    let machine = types.borrowed ? report?.machine ?? result.machine : result.machine
    let baseline = Baseline(
      file: input.path, machine: machine, typeSource: result.source,
      layouts: result.layouts,
      staticKlpBytes: staticBytes, budgets: budgets)
    for budget in budgets {
      try SizeGate.requireKnown(
        budget, in: baseline.types.map(\.key), staticTotal: staticBytes != nil, file: input.path)
    }
    return baseline
  }
}

/// `check`: a build held to a baseline.
public enum CheckUseCase {
  public static func run(
    _ input: ResolvedInput, baselinePath: String, gate: SizeGate,
    typesFrom: (any TypeProvider)? = nil
  ) throws(FrontendError) -> CheckDocument {
    let baseline = try readBaseline(baselinePath, budget: input.options.limits.budget)
    let loaded: LayoutResult
    let types = try ModuleTypes.layoutTypes(input, typesFrom: typesFrom)
    // A module read without DWARF is asked for the baseline's names (its .BTF holds only
    // its own types; --types-from's are a kernel's): a missing one is still missing.
    let recorded = Array(Set(baseline.types.map(\.name))).sorted()
    let names = types.byName ? try ModuleTypes.defined(recorded, in: types.provider) : []
    do {
      loaded = try LayoutRequest(
        provider: types.provider, types: names, typesFrom: types.borrowed ? nil : typesFrom
      ).run()
    } catch {
      throw .loading(error)
    }
    var definitions: [TypeKey: [StructLayout]] = [:]
    for layout in loaded.layouts {
      guard let name = layout.name else { continue }
      definitions[TypeKey(layout.kind, name), default: []].append(layout)
    }
    // Each recorded type is held to its own definition (DefinitionPairing), never to
    // another definition that shares its name; other names to their first.
    var current = definitions.compactMapValues(\.first)
    for record in baseline.types {
      guard let candidates = definitions[record.key], candidates.count > 1 else { continue }
      let (pairs, _, _) = DefinitionPairing.pair(
        [record], candidates, id: \.definition, newID: \.definitionID,
        names: { $0.members.map(\.name) },
        newNames: DefinitionPairing.memberNames)
      current[record.key] = pairs.first?.1
    }
    let report =
      baseline.staticKlpBytes == nil
      ? nil : try InspectUseCase.analyze(input, typesFrom: typesFrom).report
    var document = try gate.check(
      file: input.path, baselinePath: baselinePath, typeSource: loaded.source,
      baseline: baseline, current: current,
      staticKlpBytes: report?.totals.staticBytes)
    document.pathBytes = input.pathBytes
    // What the pictures of a violation draw: the baseline's record and the build's layout.
    for i in document.violations.indices {
      guard let kind = document.violations[i].kind else { continue }
      let key = TypeKey(name: document.violations[i].name, kind: kind)
      document.violations[i].baselineRecord = baseline.types.first { $0.key == key }
      document.violations[i].current = current[key]
      document.violations[i].currentTable = loaded.table
    }
    return document
  }

  /// The baseline file, read as an input is: a regular file, bounded, and what reading
  /// it takes (the bytes, and JSON decoding's objects, taken as eight times as many)
  /// reserved from the run's budget first.
  static func readBaseline(
    _ path: String, budget: MemoryBudget = .unlimited
  ) throws(FrontendError) -> Baseline {
    let file: InputFile
    do { file = try InputFile.open(FilePath(argument: path), expecting: "a baseline (JSON)") } catch
    {
      throw .input(error)
    }
    let held: MemoryBudget.Reservation
    do {
      held = try budget.reserve(
        min(file.status.size, 256 << 20) &* 8, for: "reading the baseline (JSON)")
    } catch { throw .reading(.outOfMemory(file: file.path.description, error)) }
    defer { held.release() }
    let bytes: [UInt8]
    do { bytes = try file.readAll(limit: 256 << 20) } catch { throw .input(error) }
    do { return try Baseline.decode(bytes, path: path) } catch { throw .baseline(error) }
  }
}
