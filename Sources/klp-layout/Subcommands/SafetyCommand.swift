import ArgumentParser
import Foundation
import Reports

/// `klp-layout safety ORIG PATCHED`: the data changes a livepatch cannot carry.
struct SafetyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "safety",
    abstract: "Find the data changes a livepatch cannot carry: layouts, globals, prototypes, enumerator values.",
    discussion: "ORIG and PATCHED are two objects or modules, or two directory trees of them paired by relative path. Exit 0 when safe, 1 when a change is unsafe, 2 on input errors.")

  enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, markdown, github }

  @Argument(help: "The original build (object, module, or directory of objects).") var orig: String
  @Argument(help: "The patched build, the same shape as ORIG.") var patched: String
  @Option(help: "Parallel workers (default: all cores).") var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
  @Option(help: "text, json, markdown (a PR comment) or github (workflow annotations).") var format: Format = .text

  func run() throws {
    var safe = true
    try Failure.reportingInputErrors {
      var request = SafetyRequest(old: orig, new: patched, jobs: jobs)
      if isatty(STDERR_FILENO) != 0 { request.progress = ProgressBar.draw }
      let document = try request.run()
      if request.progress != nil { ProgressBar.clear() }
      switch format {
      case .text: emit(SafetyRenderer.text(document))
      case .json: emit(try JSONOutput.encode(document))
      case .markdown: emit(SafetyRenderer.markdown(document))
      case .github: emit(SafetyRenderer.github(document))
      }
      safe = document.verdict == .safe
    }
    if !safe { throw ExitCode(1) }
  }
}
