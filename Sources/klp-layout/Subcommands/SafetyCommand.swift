import ArgumentParser
import Foundation
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
      ORIG and PATCHED are two objects or modules, or two directory trees of them paired by relative path. \
      Exit 0 when safe, 1 when a change is unsafe, 2 on input errors.
      """)

  @Argument(help: "The original build (object, module, or directory of objects).") var orig: String
  @Argument(help: "The patched build, the same shape as ORIG.") var patched: String
  @Option(help: "Parallel workers (default: all cores).") var jobs: Int = ProcessInfo.processInfo
    .activeProcessorCount
  @OptionGroup var shardOption: ShardOption
  @OptionGroup var input: InputOptionGroup
  @OptionGroup var output: FormatOption<SafetyDocument>

  func validate() throws {
    guard jobs >= 1 && jobs <= 1024 else {
      throw ValidationError("--jobs must be between 1 and 1024")
    }
  }

  func run() throws {
    _ = try Session.start(input.options)
    var safety = SafetyUseCase(
      old: orig, new: patched, workers: Workers(jobs), options: input.options)
    safety.shard = shardOption.shard
    let progress = isatty(STDERR_FILENO) != 0 ? ProgressBar() : nil
    if let progress { safety.progress = progress.draw }
    let document = try safety.run()
    progress?.clear()
    try Output.emit(document, as: output.format)
    if document.verdict != .safe { throw Failure.GateFailed() }
  }
}
