import ArgumentParser
import Livepatch
import Reports

/// `klp-layout inspect FILE...`: the livepatch view.
struct Inspect: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Show what a livepatch module patches and what its klp metadata costs in bytes.")

  @Argument(help: "Livepatch modules (.ko, also compressed).")
  var files: [String]

  @Option(help: "A file with the klp struct definitions, for records-based modules: any module of the same kernel (DWARF), or BTF (/sys/kernel/btf/vmlinux, a vmlinux with .BTF).")
  var typesFrom: String?

  @Option(help: "Where separate debug files live (for stripped modules).")
  var debugDir: [String] = []

  @OptionGroup var output: OutputOptions

  func run() throws {
    try Failure.reportingInputErrors {
      let finder = DebugFileFinder(directories: debugDir)
      let reports = try files.map { path throws(LivepatchError) in
        try LivepatchReader.analyze(path, debugFile: finder.debugFile(for: path), typesFrom: typesFrom).report
      }
      switch output.format {
      case .text, .markdown:
        emit(reports.map(InspectTextRenderer(markdown: output.format == .markdown).render).joined(separator: "\n"))
      case .json:
        emit(try reports.count == 1 ? JSONOutput.encode(reports[0]) : JSONOutput.encode(reports))
      }
    }
  }
}
