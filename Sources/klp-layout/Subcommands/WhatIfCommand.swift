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
      "Older livepatch modules this one replaces, in load order: no-ops as klp_add_nops() makes them. 'live': the patches the running kernel has loaded (see live; ./live for a file of that name)."
  )
  var replaces: [String] = []

  @Option(
    help: ArgumentHelp(
      "With --replaces live: read DIR/sys and DIR/proc instead of /sys and /proc.",
      valueName: "DIR"),
    completion: .directory)
  var root: String?

  @Option(
    help: ArgumentHelp(
      "With --replaces live: where the loaded patches' module files are (default ROOT/lib/modules/RELEASE).",
      valueName: "DIR"),
    completion: .directory)
  var modules: String?

  @Option(help: "Add a member: STRUCT:TYPE:NAME[@after:MEMBER].")
  var add: [String] = []

  @Option(help: "Remove a member: STRUCT.MEMBER.")
  var remove: [String] = []

  @Option(help: "Declare a wrapper: WRAPPER=STRUCT+TYPE:NAME[+TYPE:NAME]...")
  var wrap: [String] = []

  @Flag(help: "List every no-op in text and Markdown (a long list is collapsed to a count).")
  var listNops = false

  @OptionGroup var input: InputOptionGroup
  @OptionGroup var sourceOptions: TypeSourceOptions
  @OptionGroup var output: FormatOption<WhatIfDocument>

  func validate() throws {
    if nops != nil && !replaces.isEmpty {
      throw ValidationError("--nops and --replaces are alternatives")
    }
    if replaces.contains("live") && replaces.count > 1 {
      throw ValidationError("--replaces live stands alone: the loaded stack is what is replaced")
    }
    if (root != nil || modules != nil) && replaces != ["live"] {
      throw ValidationError("--root and --modules go with --replaces live")
    }
  }

  func run() throws {
    let inputs = try Session.start(sourceOptions.options(input), index: sourceOptions.index)
    let document = try inputs.finishing { () throws(FrontendError) in
      let demand: WhatIfUseCase.Demand
      if replaces == ["live"] {
        let request = LiveUseCase.Request(
          root: root ?? "/", modules: modules, typesFrom: sourceOptions.typesFrom)
        demand = .replacingLoaded(try LiveUseCase.read(request, inputs: inputs))
      } else if replaces.isEmpty {
        demand = .counts(nops: nops ?? 0, dynamicObjects: dynamicObjects)
      } else {
        demand = .replacing(
          try replaces.map { path throws(FrontendError) in try inputs.open(path) })
      }
      return try WhatIfUseCase.run(
        try inputs.open(file), demand: demand, edits: .init(add: add, remove: remove, wrap: wrap),
        typesFrom: try inputs.typesFrom(sourceOptions.typesFrom))
    }
    // What the kernel will do is said once, in the report (its headline, JSON `notes`);
    // what would stop or change the load is said on stderr too.
    for note in document.warnings { Failure.writeStderr("klp-layout: note: \(note)\n") }
    try Output.emit(document, as: output.format, options: RenderOptions(listAllNops: listNops))
  }
}
