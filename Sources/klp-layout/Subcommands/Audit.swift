import ArgumentParser
import Frontend
import ReportSchema
import Reports

/// `klp-layout audit FILE`: wasted bytes, ranked, with reorderings proven by re-layout.
struct Audit: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "audit",
    abstract:
      "Find holes, padding and cacheline straddles, and the fewest member moves that shrink each struct."
  )

  @Argument(
    help:
      "An ELF file with DWARF or .BTF (.o, .ko, also .ko.xz/.gz/.bz2/.zst, vmlinux), or raw BTF.")
  var file: String
  @Option(name: [.customShort("t"), .long], help: "Only these types (repeatable).") var type:
    [String] = []
  @Option(help: "Cacheline size in bytes, 1 to 1048576.") var cachelineSize = CachelineSize(
    bytes: 64)
  @Option(help: "How many types to detail in text output.") var limit: Int = 20
  @Flag(
    help:
      "Propose a whole new member order per struct (as pahole --reorganize) instead of the fewest moves that keep the first and last members and the aligned members in place."
  )
  var fullReorder = false
  @OptionGroup var input: InputOptionGroup
  @OptionGroup var sourceOptions: TypeSourceOptions
  @OptionGroup var output: FormatOption<AuditDocument>

  func validate() throws {
    guard limit >= 0 else { throw ValidationError("--limit must be 0 or more") }
  }

  func run() throws {
    let inputs = try Session.start(sourceOptions.options(input), index: sourceOptions.index)
    let document = try inputs.finishing { () throws(FrontendError) in
      try AuditUseCase.run(
        try inputs.open(file), types: type, cachelineSize: cachelineSize.bytes,
        typesFrom: try inputs.typesFrom(sourceOptions.typesFrom),
        proposals: fullReorder ? .fullReorder : .moves)
    }
    try Output.emit(document, as: output.format, options: RenderOptions(limit: limit))
  }
}
