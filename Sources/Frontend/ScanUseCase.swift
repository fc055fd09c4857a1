import ElfDwarf
import LayoutLoader
import Livepatch
import ReportSchema
import Synchronization
import System

/// `scan`: every module of directory trees, in parallel. A module that cannot be read is
/// listed with its error and the scan goes on; so is a directory that cannot be listed.
public struct ScanUseCase: Sendable {
  public var directories: [String]
  /// Modules read side by side (`--jobs`); each module is read on one thread.
  public var options: InputOptions
  /// Also list each module's most wasteful types: those its own sources define
  /// (declared in its units' directories), or every type with `auditAll`.
  public var audit: Bool
  /// With `audit`: every type the module's DWARF holds (the kernel headers' too).
  public var auditAll = false
  /// List only livepatch modules (totals then count only them; `scanned` counts all).
  public var livepatchOnly = false
  /// Called after each module with (done, total), from any thread.
  public var progress: (@Sendable (Int, Int) -> Void)?
  /// Only the entries of this shard (by relative path), for a CI matrix.
  public var shard: Shard?

  public var workers: Workers
  /// The klp structs for modules read without DWARF (`--types-from`, or the
  /// `--btf-base` their split BTF refers to), loaded once and shared by the workers.
  public var klpTypes: KlpTypes?
  /// `klpTypes` came from `--btf-base`: they stand for a module's own `.BTF` (whose
  /// klp structs are the base's), so a module without `.BTF` does not take them.
  public var klpTypesFromBase = false

  public init(
    directories: [String], workers: Workers, options: InputOptions = .init(),
    audit: Bool = false
  ) {
    self.directories = directories
    self.workers = workers
    self.options = options
    self.options.workers = .one
    // Each file is read once: an index would only cost its writing.
    self.options.typeIndex = nil
    self.audit = audit
  }

  public func run() throws(FrontendError) -> ScanDocument {
    var walker = TreeWalker.modules
    walker.shard = shard
    var found: [TreeWalker.Entry] = []
    for directory in directories { found += try walker.entries(under: directory) }
    let entries = found
    let done = Atomic<Int>(0)
    var scanned = workers.map(entries.count) { i -> Scanned in
      let result = scanOne(entries[i])
      progress?(done.wrappingAdd(1, ordering: .relaxed).newValue, entries.count)
      return result
    }
    // The run's memory budget is shared: a module it stopped while other workers held
    // part of it is read again once they are done, one at a time, so what fits alone is
    // read whatever the threads' timing was, and what does not is an error either way.
    if workers.count > 1 {
      for i in scanned.indices where scanned[i].stoppedByBudget { scanned[i] = scanOne(entries[i]) }
    }
    let all = scanned.map(\.module)
    let listed = livepatchOnly ? all.filter(\.livepatch) : all
    var document = ScanDocument(modules: listed, totals: totals(listed, scanned: all.count))
    document.shard = shard.map { .init(index: $0.index, count: $0.count) }
    return document
  }

  /// One entry's row, and whether the run's memory budget is what stopped its reading.
  struct Scanned: Sendable {
    var module: ScanDocument.Module
    var stoppedByBudget = false
  }

  func scanOne(_ entry: TreeWalker.Entry) -> Scanned {
    let relative = entry.relative
    let hex = entry.isValidUTF8 ? nil : relative.lowercaseHex
    var module = ScanDocument.Module(
      path: String(decoding: relative, as: UTF8.self), pathBytes: hex,
      directory: entry.root.map { String(decoding: $0, as: UTF8.self) })
    if let walkError = entry.walkError {
      module.error = "\(entry.display): \(walkError)"
      module.unreadable = true
      return Scanned(module: module)
    }
    let inputs = CommandInputs(options: options)
    do {
      try inputs.finishing { () throws(FrontendError) in
        try analyze(entry, with: inputs, into: &module)
      }
    } catch {
      module.error = error.description
      if case .input(.unreadable) = error { module.unreadable = true }
      if error.isOutOfMemory {
        module.unreadable = true
        return Scanned(module: module, stoppedByBudget: true)
      }
    }
    return Scanned(module: module)
  }

  /// What `scanOne` reports of a module it could open: what `.modinfo` says (a stripped
  /// module still says what it is), then its klp data and, with `audit`, its waste.
  private func analyze(
    _ entry: TreeWalker.Entry, with inputs: CommandInputs, into module: inout ScanDocument.Module
  ) throws(FrontendError) {
    let input = try inputs.open(FilePath(bytes: entry.raw))
    module.debugFile = input.debugFile
    let elf = try input.elfFile()
    module.livepatch = LivepatchReader.modinfoSaysLivepatch(elf)
    let report: InspectReport
    var analysis: ModuleAnalysis?
    let needsOwnBTF = options.typeSource == .btf || klpTypesFromBase
    if let klpTypes, try !ModuleTypes.usesDWARF(input), elf.hasBTF || !needsOwnBTF {
      do { report = try LivepatchReader.inspectBySymbols(elf, types: klpTypes) } catch {
        throw .livepatch(error)
      }
    } else {
      analysis = try InspectUseCase.analyze(input, typesFrom: nil)
      report = analysis!.report
    }
    module.typesFrom = report.typesFrom
    module.livepatch = module.livepatch || report.livepatch
    module.objects = report.totals.objects
    module.funcs = report.totals.funcs
    module.staticBytes = report.totals.staticBytes
    // The audit is about what the module's author can change: skipped for the
    // neighbours of livepatch modules when only those are listed. It reuses the
    // loader inspection opened, with its index of the file's definitions. A module
    // read through its symbol table is audited only in its own types (its .BTF).
    if audit && (!livepatchOnly || module.livepatch), let analysis,
      analysis.report.variablesFrom == nil || analysis.loader.path == elf.path
    {
      module.topWaste = try topWaste(input, loader: analysis.loader)
    }
  }

  /// The klp structs of `provider` (`--types-from`, or a split BTF's base) for the
  /// modules without DWARF; refused when it does not define them.
  public static func klpTypes(
    from provider: any TypeProvider
  ) throws(FrontendError) -> KlpTypes {
    let found: (types: KlpTypes, provider: Int)?
    do { found = try KlpTypes.load(from: [provider]) } catch { throw .loading(error) }
    guard let found else {
      throw .mismatch(
        "\(provider.path): defines no struct klp_patch, so it cannot give the klp structs of modules without DWARF "
          + "(give the kernel's: a debug vmlinux, its BTF, /sys/kernel/btf/vmlinux)")
    }
    return found.types
  }

  func topWaste(
    _ input: ResolvedInput, loader: any TypeProvider
  ) throws(FrontendError) -> [ScanDocument.Waste] {
    let document = try AuditUseCase.run(
      input, types: [], reusing: loader, ownTypesOnly: !auditAll, proposals: .none)
    // As `audit` counts findings: waste that alignment attributes force and nothing can
    // save (aesni_xts_ctx's) is a note there, so it is no top waster here.
    return document.types.filter { $0.holeBytes + $0.paddingBytes > 0 && !$0.isForcedOnly }
      .sorted {
        ($0.holeBytes + $0.paddingBytes, $1.key) > ($1.holeBytes + $1.paddingBytes, $0.key)
      }
      .prefix(3).map {
        ScanDocument.Waste(name: $0.name, kind: $0.kind, bytes: $0.holeBytes + $0.paddingBytes)
      }
  }

  func totals(_ modules: [ScanDocument.Module], scanned: Int) -> ScanDocument.Totals {
    ScanDocument.Totals(
      scanned: scanned, modules: modules.count, livepatchModules: modules.filter(\.livepatch).count,
      objects: modules.reduce(0) { $0 + $1.objects }, funcs: modules.reduce(0) { $0 + $1.funcs },
      staticBytes: modules.reduce(0) { $0 &+ $1.staticBytes },
      errors: modules.filter { $0.error != nil }.count,
      unreadable: modules.filter { $0.unreadable == true }.count)
  }
}
