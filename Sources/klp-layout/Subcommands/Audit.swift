import ArgumentParser
import Reports

/// `klp-layout audit FILE`: wasted bytes, ranked, with reorderings proven by re-layout.
struct Audit: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Find holes, padding and cacheline straddles, and member orders that shrink each struct.")

  @Argument(help: "An ELF file with DWARF.") var file: String
  @Option(name: [.customShort("t"), .long], help: "Only these types (repeatable).") var type: [String] = []
  @Option(help: "Cacheline size in bytes.") var cachelineSize: UInt64 = 64
  @Option(help: "A file whose definitions complete declaration-only types.") var typesFrom: String?
  @Option(help: "How many types to detail in text output.") var limit: Int = 20
  @OptionGroup var typeSource: TypeSourceOptions
  @OptionGroup var output: OutputOptions

  func run() throws {
    try Failure.reportingInputErrors {
      var request = AuditRequest(path: file, types: type, cachelineSize: cachelineSize, typesFrom: typesFrom)
      request.source = typeSource.source
      request.btfBase = typeSource.btfBase
      let (document, result, proposals) = try request.run()
      switch output.format {
      case .json: emit(try JSONOutput.encode(document))
      case .text, .markdown:
        emit(AuditRenderer(markdown: output.format == .markdown, limit: limit).render(document, table: result.table, proposals: proposals))
      }
    }
  }
}
