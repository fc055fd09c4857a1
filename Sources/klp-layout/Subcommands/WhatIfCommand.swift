import ArgumentParser
import Foundation
import Reports

/// `klp-layout whatif FILE`: the 2017 atomic-replace designs, or explicit edits, priced
/// in bytes for one module, the kernel's own design first.
struct WhatIfCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "whatif",
    abstract: "Price layout designs for a livepatch module: permanent, transient and peak bytes through kmalloc size classes.")

  @Argument(help: "The livepatch module.")
  var file: String

  @Option(help: "No-op funcs atomic replace must allocate (a hypothetical count).")
  var nops: UInt64?

  @Option(help: "Dynamic objects atomic replace must allocate (with --nops).")
  var dynamicObjects: UInt64 = 0

  @Option(parsing: .upToNextOption, help: "Older livepatch modules this one replaces, in load order: no-ops as klp_add_nops() makes them.")
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

  @OptionGroup var output: OutputOptions

  func validate() throws {
    if nops != nil && !replaces.isEmpty { throw ValidationError("--nops and --replaces are alternatives") }
  }

  func run() throws {
    try Failure.reportingInputErrors {
      let request = WhatIfRequest(
        file: file, nops: nops, dynamicObjects: dynamicObjects, replaces: replaces, add: add, remove: remove, wrap: wrap,
        typesFrom: typesFrom)
      let (document, costs) = try request.run()
      for note in document.notes { FileHandle.standardError.write(Data("klp-layout: note: \(note)\n".utf8)) }
      switch output.format {
      case .json: emit(try JSONOutput.encode(document))
      case .text: emit(WhatIfRenderer(markdown: false, listAllNops: listNops).render(document, costs: costs))
      case .markdown: emit(WhatIfRenderer(markdown: true, listAllNops: listNops).render(document, costs: costs))
      }
    }
  }
}
