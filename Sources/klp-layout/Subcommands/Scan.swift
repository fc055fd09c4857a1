import ArgumentParser
import Foundation
import Reports

extension ColorChoice: ExpressibleByArgument {}

/// `klp-layout scan DIR...`: a tree of modules summarized, in parallel.
struct Scan: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Summarize every module under directories: livepatch or not, objects, funcs, klp bytes.")

  @Argument(help: "Directories (or module files) to scan.", completion: .file()) var directories: [String]
  @Option(help: "Parallel workers (default: all cores).") var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
  @Option(help: "Where separate debug files live (Debian /usr/lib/debug, Fedora .build-id trees); repeatable.", completion: .directory)
  var debugDir: [String] = []
  @Flag(help: "List only livepatch modules (klp data, kpatch/klp-build records or livepatch=Y).") var livepatchOnly = false
  @Flag(help: "Also list each module's most wasteful types, among those its own sources define.") var audit = false
  @Flag(help: "With --audit: every type in the module's DWARF, kernel headers' too.") var auditAll = false
  @Option(help: "Colour the text report: auto (a terminal, unless NO_COLOR is set), always or never.")
  var color: ColorChoice = .auto
  @OptionGroup var output: OutputOptions

  func validate() throws {
    guard jobs >= 1 else { throw ValidationError("--jobs must be 1 or more") }
  }

  func run() throws {
    try Failure.reportingInputErrors {
      var request = ScanRequest(directories: directories, jobs: jobs, debugDirectories: debugDir, audit: audit || auditAll)
      request.auditAll = auditAll
      request.livepatchOnly = livepatchOnly
      let progress = isatty(STDERR_FILENO) != 0 ? ProgressBar() : nil
      if let progress { request.progress = progress.draw }
      let document = try request.run()
      progress?.clear()
      switch output.format {
      case .json: emit(try JSONOutput.encode(document))
      case .text:
        let colored = color.enabled(isTerminal: isatty(STDOUT_FILENO) != 0, environment: ProcessInfo.processInfo.environment)
        emit(ScanRenderer(markdown: false, color: colored).render(document))
      case .markdown: emit(ScanRenderer(markdown: true).render(document))
      }
    }
  }
}

/// A one-line progress bar on stderr (only when stderr is a terminal): files done,
/// files per second and the time left at that rate.
final class ProgressBar: Sendable {
  let start = Date()

  @Sendable func draw(done: Int, total: Int) {
    let width = 30
    let filled = total > 0 ? done * width / total : width
    let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
    let elapsed = max(Date().timeIntervalSince(start), 0.001)
    let rate = Double(done) / elapsed
    let left = rate > 0 ? Int((Double(total - done) / rate).rounded()) : 0
    let line = "\r[\(bar)] \(done)/\(total)  \(String(format: "%.1f", rate)) files/s  ETA \(left / 60):\(String(format: "%02d", left % 60))\u{1B}[K"
    FileHandle.standardError.write(Data(line.utf8))
  }

  func clear() {
    FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
  }
}
