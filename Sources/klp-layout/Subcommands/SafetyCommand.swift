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

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case text, json, markdown, github, html
  }

  @Argument(help: "The original build (object, module, or directory of objects).") var orig: String
  @Argument(help: "The patched build, the same shape as ORIG.") var patched: String
  @Option(help: "Parallel workers (default: all cores).") var jobs: Int = ProcessInfo.processInfo
    .activeProcessorCount
  @Option(
    help: "text, json, markdown (a PR comment), github (workflow annotations) or html (one page).")
  var format: Format = .text
  @OptionGroup var shardOption: ShardOption
  @OptionGroup var input: InputOptionGroup

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
    switch format {
    case .text: try Output.emit(SafetyRenderer.text(document))
    case .json: try Output.emit(JSONOutput.encode(document))
    case .markdown: try Output.emit(SafetyRenderer.markdown(document))
    case .github: try Output.emit(SafetyRenderer.github(document))
    case .html: try Output.emit(HTMLReport.safety(document))
    }
    if document.verdict != .safe { throw Failure.GateFailed() }
  }
}
