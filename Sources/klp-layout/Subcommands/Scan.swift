#if canImport(Glibc)
  import Glibc
#endif
import ArgumentParser
import FoundationEssentials
import Frontend
import ReportSchema
import Reports
import System

extension ColorChoice: ExpressibleByArgument {}

/// `klp-layout scan DIR...`: a tree of modules summarized, in parallel.
struct Scan: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "scan",
    abstract:
      "Summarize every module under directories: livepatch or not, objects, funcs, klp bytes.",
    discussion: """
      A symlink given as an argument is followed; inside the trees, a symlink to a directory is not, and one to a module outside the tree is listed as an error, never read. Modules that \
      cannot be read are listed with the reason. Exit 2 after the report when any entry could not \
      be opened or listed at all (permissions, over-long paths), or when the run's memory budget \
      (--max-memory) stopped the reading of one even when read alone (entries it stopped while \
      other workers held it are read again once they are done): the scan is then incomplete.
      """)

  @Argument(help: "Directories (or module files) to scan.", completion: .file()) var directories:
    [String]
  @OptionGroup var jobs: JobsOption
  @Flag(help: "List only livepatch modules (klp data, kpatch/klp-build records or livepatch=Y).")
  var livepatchOnly = false
  @Flag(help: "Also list each module's most wasteful types, among those its own sources define.")
  var audit = false
  @Flag(help: "With --audit: every type in the module's DWARF, kernel headers' too.") var auditAll =
    false
  @Option(
    help: "Colour the text report: auto (a terminal, unless NO_COLOR is set), always or never.")
  var color: ColorChoice = .auto
  @OptionGroup var shardOption: ShardOption
  @OptionGroup var input: InputOptionGroup
  @OptionGroup var sourceOptions: TypeSourceOptions
  @OptionGroup var output: FormatOption<ScanDocument>

  func run() throws {
    let inputs = try Session.start(sourceOptions.options(input))
    var scan = ScanUseCase(
      directories: directories, workers: try jobs.workers(), options: sourceOptions.options(input),
      audit: audit || auditAll)
    // Modules without DWARF take the klp structs of --types-from, or of the base their
    // split BTF refers to: read once, here, for every worker.
    if let path = sourceOptions.typesFrom
      ?? (sourceOptions.source == .dwarf ? nil : sourceOptions.btfBase)
    {
      scan.klpTypes = try inputs.finishing { () throws(FrontendError) in
        try ScanUseCase.klpTypes(from: try inputs.open(path).types(source: .auto))
      }
      scan.klpTypesFromBase = sourceOptions.typesFrom == nil
    }
    scan.auditAll = auditAll
    scan.livepatchOnly = livepatchOnly
    scan.shard = shardOption.shard
    let progress = isatty(STDERR_FILENO) != 0 ? ProgressBar() : nil
    if let progress { scan.progress = progress.draw }
    let document = try scan.run()
    progress?.clear()
    let colored = color.enabled(
      isTerminal: isatty(STDOUT_FILENO) != 0, environment: ProcessInfo.processInfo.environment)
    try Output.emit(document, as: output.format, options: RenderOptions(color: colored))
    if document.totals.unreadable > 0 {
      Failure.report(
        "scan incomplete: \(document.totals.unreadable) entries could not be opened or listed (see the report)"
      )
      throw ExitCode(2)
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
    let tenths = Int((rate * 10).rounded())
    let seconds = left % 60
    Failure.writeStderr(
      "\r[\(bar)] \(done)/\(total)  \(tenths / 10).\(tenths % 10) files/s  ETA \(left / 60):\(seconds < 10 ? "0" : "")\(seconds)\u{1B}[K"
    )
  }

  func clear() {
    Failure.writeStderr("\r\u{1B}[K")
  }
}
