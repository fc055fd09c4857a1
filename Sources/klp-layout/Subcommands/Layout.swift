import ArgumentParser
import LayoutLoader
import LayoutModel
import Reports

/// `klp-layout layout FILE [-t TYPE]...`: what `pahole -C TYPE FILE` shows.
struct Layout: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Show struct and union layouts with holes, padding and cachelines, as pahole does.")

  @Argument(help: "An ELF file with DWARF or .BTF (.o, .ko, also .ko.xz/.gz/.bz2/.zst, vmlinux), or raw BTF (/sys/kernel/btf/vmlinux).")
  var file: String

  @Option(name: [.customShort("t"), .long], help: "A struct, union or typedef name (repeatable). Default: every named struct and union.")
  var type: [String] = []

  @Flag(help: "Expand members of named struct and union types, with absolute offsets.")
  var expand = false

  @Flag(help: "Print offsets and sizes in hexadecimal.")
  var hex = false

  @Option(help: "Cacheline size in bytes for boundaries and counts (never the host's).")
  var cachelineSize: UInt64 = 64

  @Option(help: "A file (e.g. the matching vmlinux) whose definitions complete declaration-only types.")
  var typesFrom: String?

  @OptionGroup var typeSource: TypeSourceOptions
  @OptionGroup var output: OutputOptions

  func validate() throws {
    guard cachelineSize > 0 && cachelineSize <= 1 << 20 else {
      throw ValidationError("--cacheline-size must be between 1 and 1048576")
    }
  }

  func run() throws {
    try Failure.reportingInputErrors {
      var request = LayoutRequest(path: file, types: type, cachelineSize: cachelineSize, typesFrom: typesFrom)
      request.source = typeSource.source
      request.btfBase = typeSource.btfBase
      let result = try request.run()
      switch output.format {
      case .text, .markdown:
        let renderer = LayoutTextRenderer(table: result.table, options: .init(expand: expand, hex: hex))
        // pahole-exact for DWARF; BTF adds one comment line saying so.
        let header = result.source == .btf ? "/* \(file): \(SourceLine.btf) */\n" : ""
        let text = header + result.layouts.map(renderer.render).joined()
        emit(output.format == .markdown ? "```c\n" + text + "```\n" : text)
      case .json:
        emit(try JSONOutput.encode(LayoutDocument(file: file, machine: result.machine, layouts: result.layouts, table: result.table, source: result.source)))
      }
    }
  }
}
