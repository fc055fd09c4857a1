import ArgumentParser
import Foundation
import Reports

/// `klp-layout scan DIR...`: a tree of modules summarized, in parallel.
struct Scan: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Summarize every module under directories: livepatch or not, objects, funcs, klp bytes.")

  @Argument(help: "Directories (or module files) to scan.") var directories: [String]
  @Option(help: "Parallel workers (default: all cores).") var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
  @Option(help: "Where separate debug files live (Debian /usr/lib/debug, Fedora .build-id trees); repeatable.")
  var debugDir: [String] = []
  @Flag(help: "Also list each module's most wasteful types.") var audit = false
  @OptionGroup var output: OutputOptions

  func run() throws {
    try Failure.reportingInputErrors {
      var request = ScanRequest(directories: directories, jobs: jobs, debugDirectories: debugDir, audit: audit)
      if isatty(STDERR_FILENO) != 0 { request.progress = ProgressBar.draw }
      let document = try request.run()
      if request.progress != nil { ProgressBar.clear() }
      switch output.format {
      case .json: emit(try JSONOutput.encode(document))
      case .text: emit(ScanRenderer(markdown: false).render(document))
      case .markdown: emit(ScanRenderer(markdown: true).render(document))
      }
    }
  }
}

/// A one-line progress bar on stderr, only when stderr is a terminal.
enum ProgressBar {
  @Sendable static func draw(done: Int, total: Int) {
    let width = 30
    let filled = total > 0 ? done * width / total : width
    let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
    FileHandle.standardError.write(Data("\r[\(bar)] \(done)/\(total)".utf8))
  }

  static func clear() {
    FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
  }
}
