import ArgumentParser
import Frontend
import ReportSchema
import Reports

/// `klp-layout whatif FILE`: the 2017 atomic-replace designs, or explicit edits, priced
/// in bytes for one module.
struct WhatIfCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "whatif",
    abstract:
      "Price layout designs for a livepatch module: static bytes, and heap bytes through kmalloc size classes."
  )

  @Argument(help: "The livepatch module.")
  var file: String

  @Option(help: "No-op funcs atomic replace must allocate (a hypothetical count).")
  var nops: UInt64?

  @Option(help: "Dynamic objects atomic replace must allocate (with --nops).")
  var dynamicObjects: UInt64 = 0

  @Option(
    parsing: .upToNextOption,
    help:
      "Older livepatch modules this one replaces, in load order: no-ops as klp_add_nops() makes them."
  )
  var replaces: [String] = []

  @Option(help: "Add a member: STRUCT:TYPE:NAME[@after:MEMBER].")
  var add: [String] = []

  @Option(help: "Remove a member: STRUCT.MEMBER.")
  var remove: [String] = []

  @Option(help: "Declare a wrapper: WRAPPER=STRUCT+TYPE:NAME[+TYPE:NAME]...")
  var wrap: [String] = []

  @Option(help: "A file defining the klp structs or struct klp_ops (the matching vmlinux).")
  var typesFrom: String?

  @Flag(help: "List every no-op in text and Markdown (a long list is collapsed to a count).")
  var listNops = false

  @OptionGroup var input: InputOptionGroup
  @OptionGroup var index: TypeIndexOptions
  @OptionGroup var output: FormatOption<WhatIfDocument>

  func validate() throws {
    if nops != nil && !replaces.isEmpty {
      throw ValidationError("--nops and --replaces are alternatives")
    }
  }

  func run() throws {
    let inputs = try Session.start(input.options, index: index)
    let document = try inputs.finishing { () throws(FrontendError) in
      let demand: WhatIfUseCase.Demand =
        replaces.isEmpty
        ? .counts(nops: nops ?? 0, dynamicObjects: dynamicObjects)
        : .replacing(try replaces.map { path throws(FrontendError) in try inputs.open(path) })
      return try WhatIfUseCase.run(
        try inputs.open(file), demand: demand, edits: .init(add: add, remove: remove, wrap: wrap),
        typesFrom: try inputs.typesFrom(typesFrom))
    }
    // What is odd about the question is said where a person sees it, and kept in the JSON.
    for note in document.notes { Failure.writeStderr("klp-layout: note: \(note)\n") }
    try Output.emit(document, as: output.format, options: RenderOptions(listAllNops: listNops))
  }
}
