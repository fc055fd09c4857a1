import ArgumentParser
import Livepatch
import Reports

/// `klp-layout inspect FILE...`: the livepatch view.
struct Inspect: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Show what a livepatch module patches and what its klp metadata costs in bytes.")

  @Argument(help: "Livepatch modules (.ko, also compressed).")
  var files: [String]

  @OptionGroup var output: OutputOptions

  func run() throws {
    try Failure.reportingInputErrors {
      let reports = try files.map { path throws(LivepatchError) in try LivepatchReader.inspect(path) }
      switch output.format {
      case .text, .markdown:
        emit(reports.map(InspectTextRenderer().render).joined(separator: "\n"))
      case .json:
        emit(try reports.count == 1 ? JSONOutput.encode(reports[0]) : JSONOutput.encode(reports))
      }
    }
  }
}
