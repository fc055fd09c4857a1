import ArgumentParser
import Foundation
import Frontend
import ReportSchema
import Reports

/// `klp-layout scan DIR...`: a tree of modules summarized, in parallel.
struct Scan: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Summarize every module under directories: livepatch or not, objects, funcs, klp bytes.",
    discussion: """
      A symlink given as an argument is followed; symlinks inside the trees are not. Modules that \
      cannot be read are listed with the reason. Exit 2 after the report when any entry could not \
      be opened or listed at all (permissions, over-long paths): the scan is then incomplete.
      """)

  @Argument(help: "Directories (or module files) to scan.") var directories: [String]
  @Option(help: "Parallel workers (default: all cores).") var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
  @Flag(help: "Also list each module's most wasteful types.") var audit = false
  @OptionGroup var input: InputOptionGroup
  @OptionGroup var output: OutputOptions

  func validate() throws {
    guard jobs >= 1 && jobs <= 1024 else { throw ValidationError("--jobs must be between 1 and 1024") }
  }

  func run() throws {
    var scan = ScanUseCase(directories: directories, jobs: jobs, options: input.options, audit: audit)
    if isatty(STDERR_FILENO) != 0 { scan.progress = ProgressBar.draw }
    let document = try scan.run()
    if scan.progress != nil { ProgressBar.clear() }
    switch output.format {
    case .json: try Output.emit(JSONOutput.encode(document))
    case .html: try Output.emit(HTMLReport.scan(document))
    case .text, .markdown: try Output.emit(ScanRenderer(markdown: output.format == .markdown).render(document))
    }
    if document.totals.unreadable > 0 {
      Failure.report("scan incomplete: \(document.totals.unreadable) entries could not be opened or listed (see the report)")
      throw ExitCode(2)
    }
  }
}

/// A one-line progress bar on stderr, only when stderr is a terminal.
enum ProgressBar {
  @Sendable static func draw(done: Int, total: Int) {
    let width = 30
    let filled = total > 0 ? done * width / total : width
    let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
    Failure.writeStderr("\r[\(bar)] \(done)/\(total)")
  }

  static func clear() {
    Failure.writeStderr("\r\u{1B}[K")
  }
}
