import ElfDwarf
import Livepatch
import ReportSchema
import WhatIf

/// `whatif`: the 2017 atomic-replace designs, or explicit edits, priced for one module.
public enum WhatIfUseCase {
  /// Where the no-op demand comes from.
  public enum Demand {
    /// `--nops N [--dynamic-objects M]`.
    case counts(nops: UInt64, dynamicObjects: UInt64)
    /// `--replaces OLD.ko...`: counted as `klp_add_nops()` does.
    case replacing([ResolvedInput])
  }

  /// The edits as the user spelled them.
  public struct Edits: Sendable {
    public var add: [String]
    public var remove: [String]
    public var wrap: [String]
    public init(add: [String], remove: [String], wrap: [String]) {
      self.add = add
      self.remove = remove
      self.wrap = wrap
    }
  }

  public static func run(
    _ input: ResolvedInput, demand: Demand, edits: Edits, typesFrom: ElfFile?
  ) throws(FrontendError) -> WhatIfDocument {
    let module = try InspectUseCase.analyze(input, typesFrom: typesFrom)
    let noOps = try noOpDemand(demand, module: module, input: input)
    let layoutEdits: [LayoutEdit]
    do {
      layoutEdits = try edits.add.map { s throws(EditSpecError) in try EditSpec.add(s, in: module) }
        + edits.remove.map { s throws(EditSpecError) in try EditSpec.remove(s) }
        + edits.wrap.map { s throws(EditSpecError) in try EditSpec.wrap(s, in: module) }
    } catch { throw .edit(error) }
    let model = KlpCostModel(engine: module.engine(), arrays: module.staticArrays)
    let costs: [DesignCost]
    do {
      costs = layoutEdits.isEmpty ? try model.price(noOps) : try model.price(layoutEdits, noOps)
    } catch { throw .whatIf(file: input.path, error) }
    return WhatIfDocument(
      file: input.path, debugFile: input.debugFile, machine: module.report.machine, demand: noOps, costs: costs)
  }

  static func noOpDemand(_ demand: Demand, module: ModuleAnalysis, input: ResolvedInput) throws(FrontendError) -> NoOpDemand {
    switch demand {
    case .counts(let nops, let dynamicObjects):
      return NoOpDemand(nops: nops, dynamicObjects: dynamicObjects)
    case .replacing(let older):
      guard let patch = module.report.patches.first else {
        throw .livepatch(.noPatch(file: input.path, purpose: "to price --replaces for"))
      }
      var patches: [InspectReport.Patch] = []
      for old in older {
        patches += try InspectUseCase.analyze(old, typesFrom: nil).report.patches
      }
      return NoOpDemand(replacing: patches, by: patch)
    }
  }
}
