import ArgumentParser
import Frontend
import LayoutLoader
import ReportSchema
import Reports
import System

/// `klp-layout layout FILE [-t TYPE]...`: what `pahole -C TYPE FILE` shows, with
/// pahole's everyday selection options under the same letters.
struct Layout: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "layout",
    abstract: "Show struct and union layouts with holes, padding and cachelines, as pahole does.")

  @Argument(
    help:
      "An ELF file with DWARF or .BTF (.o, .ko, also .ko.xz/.gz/.bz2/.zst, vmlinux), or raw BTF (/sys/kernel/btf/vmlinux).",
    completion: .file())
  var file: String

  @Option(
    name: [.customShort("t"), .long, .customShort("C"), .customLong("class_name")],
    help:
      "Types to show: NAME, struct NAME, union NAME or enum NAME; comma lists and repeats allowed (-C as in pahole). Default: every named struct and union.",
    completion: TypeNameCompletion.kind)
  var type: [String] = []

  @Flag(
    name: [.customShort("s"), .long],
    help: "Only name, size and number of holes per type, tab-separated (pahole --sizes).")
  var sizes = false

  @Option(
    name: [.customShort("i"), .long],
    help: "List the structs and unions with a member of this type (pahole --contains).",
    completion: TypeNameCompletion.kind)
  var contains: String?

  @Option(
    name: [.customShort("f"), .long, .customLong("find_pointers_to")],
    help: "List the members that point to this type, as TYPE: MEMBER (pahole --find_pointers_to).",
    completion: TypeNameCompletion.kind)
  var findPointersTo: String?

  @Option(
    name: [.customShort("y"), .long, .customLong("prefix_filter")],
    help: "Only types whose name starts with PREFIX (repeatable; pahole --prefix_filter).")
  var prefix: [String] = []

  @Option(
    name: [.customShort("x"), .long],
    help: "No type whose name starts with PREFIX (repeatable; pahole --exclude).")
  var exclude: [String] = []

  @Option(
    name: [.customShort("H"), .long], help: "Only types with at least N holes (pahole --holes).")
  var holes: Int?

  @Flag(
    name: [.customShort("E"), .long, .customLong("expand_types")],
    help: "Expand members of named struct and union types, with absolute offsets (pahole -E).")
  var expand = false

  @Flag(help: "Print offsets and sizes in hexadecimal.")
  var hex = false

  @Option(
    name: [.customShort("c"), .long, .customLong("cacheline_size")],
    help:
      "Cacheline size in bytes for boundaries and counts (never the host's), 1 to 1048576 (pahole -c)."
  )
  var cachelineSize = CachelineSize(bytes: 64)

  @Flag(help: "With -t: print every distinct definition of the name, not only the first.")
  var allDefinitions = false

  @OptionGroup var input: InputOptionGroup
  @OptionGroup var sourceOptions: TypeSourceOptions

  @OptionGroup var output: FormatOption<LayoutDocument>

  func validate() throws {
    if let holes, holes < 0 { throw ValidationError("--holes must be 0 or more") }
    if contains != nil && findPointersTo != nil {
      throw ValidationError("--contains and --find-pointers-to are separate questions; give one")
    }
    if (contains != nil || findPointersTo != nil) && (sizes || !type.isEmpty) {
      throw ValidationError(
        "--contains and --find-pointers-to list types; they take no -t/-C and no --sizes")
    }
    let listing = LayoutSizesDocument.formats
    if (sizes || contains != nil || findPointersTo != nil) && !listing.contains(output.format) {
      throw ValidationError(
        "--sizes, --contains and --find-pointers-to answer in \(OutputFormat.listing(listing)), not --format \(output.format.rawValue)"
      )
    }
  }

  func run() throws {
    let inputs = try Session.start(sourceOptions.options(input), index: sourceOptions.index)
    let resolved = try inputs.open(file)
    let options = RenderOptions(expand: expand, hex: hex, workers: inputs.options.workers)
    if let target = contains {
      try Output.emit(
        inputs.finishing { () throws(FrontendError) in
          try LayoutUseCase.containers(of: target, resolved, query: query)
        }, as: output.format, options: options)
    } else if let target = findPointersTo {
      try Output.emit(
        inputs.finishing { () throws(FrontendError) in
          try LayoutUseCase.pointers(to: target, resolved, query: query)
        }, as: output.format, options: options)
    } else if sizes {
      try Output.emit(
        inputs.finishing { () throws(FrontendError) in
          try LayoutUseCase.sizes(
            resolved, query: query, typesFrom: try inputs.typesFrom(sourceOptions.typesFrom))
        }, as: output.format, options: options)
    } else {
      let document = try inputs.finishing { () throws(FrontendError) in
        try LayoutUseCase.run(
          resolved, query: query, typesFrom: try inputs.typesFrom(sourceOptions.typesFrom))
      }
      Output.keepUntilExit((inputs, document))
      noteMultipleDefinitions(document)
      try Output.emit(document, as: output.format, options: options)
    }
  }

  private var query: LayoutUseCase.Query {
    var query = LayoutUseCase.Query(
      types: type, cachelineSize: cachelineSize.bytes,
      filter: TypeFilter(prefixes: prefix, excludedPrefixes: exclude, minimumHoles: holes),
      allDefinitions: allDefinitions)
    // Definition ids are in the JSON only.
    query.definitionIDs = output.format == .json
    return query
  }

  /// A note on stderr for each name with more than the one definition shown.
  private func noteMultipleDefinitions(_ document: LayoutDocument) {
    guard !allDefinitions else { return }
    for (name, count) in document.multipleDefinitions.sorted(by: { $0.key < $1.key }) {
      Failure.writeStderr(
        "klp-layout: note: \(FilePath(argument: file)): \(count) distinct definitions of '\(name)'; showing the first (--all-definitions shows all)\n"
      )
    }
  }
}
