import ArgumentParser
import Livepatch
import Reports
import WhatIf

/// `klp-layout whatif FILE`: the 2017 atomic-replace designs, or explicit edits, priced
/// in bytes for one module.
struct WhatIfCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "whatif",
    abstract: "Price layout designs for a livepatch module: static bytes, and heap bytes through kmalloc size classes.")

  @Argument(help: "The livepatch module.")
  var file: String

  @Option(help: "No-op funcs atomic replace must allocate.")
  var nops: UInt64?

  @Option(help: "Dynamic objects atomic replace must allocate (with --nops).")
  var dynamicObjects: UInt64 = 0

  @Option(parsing: .upToNextOption, help: "Older livepatch modules this one replaces: counts no-ops as klp_add_nops() does.")
  var replaces: [String] = []

  @Option(help: "Add a member: STRUCT:TYPE:NAME[@after:MEMBER].")
  var add: [String] = []

  @Option(help: "Remove a member: STRUCT.MEMBER.")
  var remove: [String] = []

  @Option(help: "Declare a wrapper: WRAPPER=STRUCT+TYPE:NAME[+TYPE:NAME]...")
  var wrap: [String] = []

  @Option(help: "A file with the klp struct definitions the module lacks: DWARF or BTF (/sys/kernel/btf/vmlinux).")
  var typesFrom: String?

  @OptionGroup var output: OutputOptions

  func validate() throws {
    if nops != nil && !replaces.isEmpty { throw ValidationError("--nops and --replaces are alternatives") }
  }

  func run() throws {
    try Failure.reportingInputErrors {
      let module = try LivepatchReader.analyze(file, typesFrom: typesFrom)
      let demand = try self.demand(for: module)
      let edits = try add.map { s throws(LivepatchError) in try EditSpec.add(s, in: module) }
        + remove.map { s throws(LivepatchError) in try EditSpec.remove(s) }
        + wrap.map { s throws(LivepatchError) in try EditSpec.wrap(s, in: module) }
      let model = KlpCostModel(engine: module.engine(), arrays: module.staticArrays)
      let costs = edits.isEmpty ? try model.price(demand) : try model.price(edits, demand)
      let document = WhatIfDocument(file: file, machine: module.report.machine, demand: demand, costs: costs)
      switch output.format {
      case .json: emit(try JSONOutput.encode(document))
      case .text: emit(WhatIfRenderer(markdown: false).render(document, costs: costs))
      case .markdown: emit(WhatIfRenderer(markdown: true).render(document, costs: costs))
      }
    }
  }

  private func demand(for module: ModuleAnalysis) throws -> NoOpDemand {
    if replaces.isEmpty { return NoOpDemand(nops: nops ?? 0, dynamicObjects: dynamicObjects) }
    guard let patch = module.report.patches.first else {
      throw LivepatchError.reading("\(file): no klp_patch to price --replaces for")
    }
    let older = try replaces.flatMap { path throws(LivepatchError) in try LivepatchReader.inspect(path).patches }
    return NoOpDemand(replacing: older, by: patch)
  }
}
