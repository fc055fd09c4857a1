#if canImport(Glibc)
  import Glibc
#endif
import ArgumentParser
import Frontend
import ReportSchema
import Reports
import System

/// `klp-layout safety ORIG PATCHED`: the data changes a livepatch cannot carry.
struct SafetyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "safety",
    abstract:
      "Find the data changes a livepatch cannot carry: layouts, globals, prototypes, enumerator values.",
    discussion: """
      ORIG and PATCHED are two objects or modules with DWARF (which safety reads types, variables and function statics from), or two directory trees of them paired by relative path. \
      Exit 0 when safe, 1 when a change is unsafe, 2 on input errors and when anything could not be \
      read or compared (listed in the report) or there was nothing to compare.
      """)

  @Argument(help: "The original build (object, module, or directory of objects).") var orig: String
  @Argument(help: "The patched build, the same shape as ORIG.") var patched: String
  @OptionGroup var jobs: JobsOption
  @Option(
    name: .customLong("source-prefix-map"),
    help: ArgumentHelp(
      "Rewrite declaration files starting with OLD to start with NEW (repeatable; the last match wins).",
      valueName: "OLD=NEW"))
  var sourcePrefixMap: [String] = []
  @OptionGroup var shardOption: ShardOption
  @OptionGroup var input: InputOptionGroup
  @OptionGroup var output: FormatOption<SafetyDocument>

  func validate() throws {
    for argument in sourcePrefixMap where SourcePrefixMap.mapping(argument) == nil {
      throw ValidationError(
        "--source-prefix-map expects OLD=NEW with OLD not empty, got '\(argument)'")
    }
  }

  func run() throws {
    _ = try Session.start(input.options)
    var safety = SafetyUseCase(
      old: orig, new: patched, workers: try jobs.workers(), options: input.options)
    safety.sourcePrefixMap = SourcePrefixMap(sourcePrefixMap.compactMap(SourcePrefixMap.mapping))
    safety.shard = shardOption.shard
    let progress = isatty(STDERR_FILENO) != 0 ? ProgressBar() : nil
    if let progress { safety.progress = progress.draw }
    let document = try safety.run()
    progress?.clear()
    try Output.emit(document, as: output.format)
    // What could not be read fails the gate as an input error, whatever was found.
    if !document.isComplete { throw Failure.Incomplete(message: Self.incompleteness(document)) }
    if document.verdict != .safe { throw Failure.GateFailed() }
  }

  /// The one line on stderr of an incomplete run (the report lists the entries).
  static func incompleteness(_ d: SafetyDocument) -> String {
    let files = d.files
    if files.pairs == 0 && files.unreadable.isEmpty {
      let part = d.shard.map { " (shard \($0.index)/\($0.count))" } ?? ""
      return "safety: no pair of files to compare in \(d.old) and \(d.new)\(part)"
    }
    let count = files.unreadable.count + files.withoutDebugInfo.count
    return
      "safety: \(count) \(count == 1 ? "entry" : "entries") could not be read or compared (listed in the report): the verdict is not complete"
  }
}
