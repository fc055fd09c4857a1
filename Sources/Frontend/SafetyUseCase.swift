import ElfDwarf
import LayoutLoader
import LayoutModel
import ReportSchema
import Safety
import Synchronization
import System

/// `safety`: an original and a patched build (two objects, or two trees of objects
/// paired by relative path), each pair compared entity by entity, the changes of a tree
/// merged into one per entity. Nothing is skipped silently: whatever could not be read
/// or compared is listed in the document, which is then incomplete.
public struct SafetyUseCase: Sendable {
  public var old: String
  public var new: String
  /// Pairs compared side by side (`--jobs`); each pair is read on one thread.
  public var workers: Workers
  public var options: InputOptions
  /// `--source-prefix-map`: how declaration files are rewritten.
  public var sourcePrefixMap = SourcePrefixMap()
  /// Called after each pair with (done, total), from any thread.
  public var progress: (@Sendable (Int, Int) -> Void)?
  /// Only the pairs and one-sided files of this shard (by relative path), for a CI
  /// matrix.
  public var shard: Shard?

  public init(old: String, new: String, workers: Workers, options: InputOptions = .init()) {
    self.old = old
    self.new = new
    self.workers = workers
    self.options = options
    self.options.workers = .one
    // Each file is read once: an index would only cost its writing.
    self.options.typeIndex = nil
  }

  public func run() throws(FrontendError) -> SafetyDocument {
    let plan = try SafetyPlan(old: old, new: new, shard: shard)
    let done = Atomic<Int>(0)
    let comparison = SafetyPairComparison(options: options, sourcePrefixMap: sourcePrefixMap)
    let outcomes = workers.map(plan.pairs.count) { i -> SafetyPairComparison.Outcome in
      let outcome = comparison.compare(plan.pairs[i])
      progress?(done.wrappingAdd(1, ordering: .relaxed).newValue, plan.pairs.count)
      return outcome
    }
    var files = SafetyDocument.Files(
      compared: 0, identical: 0, onlyInOld: plan.onlyInOld, onlyInNew: plan.onlyInNew,
      unreadable: plan.unreadable)
    var changes: [SafetyChange] = []
    for (pair, outcome) in zip(plan.pairs, outcomes) {
      switch outcome {
      case .identical: files.identical += 1
      case .equivalent: files.equivalent += 1
      case .withoutDebugInfo: files.withoutDebugInfo.append(pair.label)
      case .compared(let found):
        files.compared += 1
        changes += found
      case .failed(let error):
        // Two files: the one pair failing is an input error, said in one line.
        guard plan.trees else { throw error }
        files.unreadable.append(.init(side: nil, path: pair.label, reason: error.description))
      }
    }
    var document = SafetyDocument(
      old: old, new: new, files: files, changes: SafetyEngine.merged(changes))
    document.shard = shard.map { .init(index: $0.index, count: $0.count) }
    return document
  }
}
