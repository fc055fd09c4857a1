import ArgumentParser
import Frontend
import ReportSchema
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

  @Option(help: "Cacheline size in bytes for boundaries and counts (never the host's), 1 to 1048576.")
  var cachelineSize = CachelineSize(bytes: 64)

  @Option(help: "A file (e.g. the matching vmlinux) whose definitions complete declaration-only types.")
  var typesFrom: String?

  @Flag(help: "With -t: print every distinct definition of the name, not only the first.")
  var allDefinitions = false

  @OptionGroup var input: InputOptionGroup
  @OptionGroup var sourceOptions: TypeSourceOptions

  /// `layout` also draws: an SVG picture of the types, or a page with it.
  enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, markdown, svg, html }

  @Option(help: "Output format: text, json, markdown, svg (a picture) or html (one self-contained page).")
  var format: Format = .text

  func run() throws {
    let options = sourceOptions.options(input)
    let resolved = try ResolvedInput.open(file, options: options)
    let document = try LayoutUseCase.run(
      resolved, types: type, cachelineSize: cachelineSize.bytes, typesFrom: try openTypesFrom(typesFrom, options: options),
      allDefinitions: allDefinitions)
    if !allDefinitions {
      for (name, count) in document.multipleDefinitions.sorted(by: { $0.key < $1.key }) {
        Failure.writeStderr("klp-layout: note: \(file): \(count) distinct definitions of '\(name)'; showing the first (--all-definitions shows all)\n")
      }
    }
    switch format {
    case .json: try Output.emit(JSONOutput.encode(document))
    case .svg: try Output.emit(LayoutSVG.render(document, expand: expand))
    case .html: try Output.emit(HTMLReport.layout(document, expand: expand))
    case .text, .markdown:
      try Output.emit(
        LayoutTextRenderer.render(document, options: .init(expand: expand, hex: hex), markdown: format == .markdown))
    }
  }
}
