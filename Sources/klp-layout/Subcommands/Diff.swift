import ArgumentParser
import LayoutLoader
import Livepatch
import Reports

/// `klp-layout diff OLD NEW`: what changed in the layouts, as bloat-o-meter summarizes.
struct Diff: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Compare the struct layouts (and livepatch metadata) of two builds.")

  @Argument(help: "The old build.") var old: String
  @Argument(help: "The new build.") var new: String

  @Option(name: [.customShort("t"), .long], help: "Only these types (repeatable).")
  var type: [String] = []

  @OptionGroup var typeSource: TypeSourceOptions
  @OptionGroup var output: OutputOptions

  func run() throws {
    try Failure.reportingInputErrors {
      var request = DiffRequest(old: old, new: new, types: type)
      request.source = typeSource.source
      request.btfBase = typeSource.btfBase
      let document = try request.run()
      switch output.format {
      case .json: emit(try JSONOutput.encode(document))
      case .text: emit(DiffRenderer(markdown: false).render(document))
      case .markdown: emit(DiffRenderer(markdown: true).render(document))
      }
    }
  }
}
