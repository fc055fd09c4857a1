import ArgumentParser
import Frontend
import ReportSchema
import Reports
import System

/// `klp-layout live`: the livepatch stack the running kernel has loaded.
struct Live: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "live",
    abstract:
      "Show the livepatches the running kernel has loaded: their order, who runs each patched function, what they hold.",
    discussion: """
      Reads the kernel's livepatch sysfs (/sys/kernel/livepatch; Documentation/ABI/testing/sysfs-kernel-livepatch), \
      /sys/module/PATCH/coresize and initsize, the klp struct sizes from /sys/kernel/btf/vmlinux, and the patch \
      modules' files under /lib/modules/RELEASE when they are there (--types-from gives the klp struct sizes, \
      and the klp structs of module files without DWARF, instead of the BTF). Nothing blocks and no symbolic \
      link is followed there. Exit 2 after the report when something could not be read; exit 2 with one line when the \
      kernel has no livepatch support. See docs/live.md.
      """)

  @Option(
    help: ArgumentHelp(
      "Read DIR/sys and DIR/proc instead of /sys and /proc (a copy of a machine's sysfs).",
      valueName: "DIR"),
    completion: .directory)
  var root: String = "/"

  @Option(
    help: ArgumentHelp(
      "Where the patch modules' files are (default: ROOT/lib/modules/RELEASE).", valueName: "DIR"),
    completion: .directory)
  var modules: String?

  @OptionGroup var input: InputOptionGroup
  @OptionGroup var sourceOptions: TypeSourceOptions
  @OptionGroup var output: FormatOption<LiveDocument>

  func run() throws {
    let inputs = try Session.start(sourceOptions.options(input))
    let request = LiveUseCase.Request(
      root: root, modules: modules, typesFrom: sourceOptions.typesFrom)
    let document = try inputs.finishing { () throws(FrontendError) in
      try LiveUseCase.run(request, inputs: inputs)
    }
    try Output.emit(document, as: output.format)
    if !document.unreadable.isEmpty {
      Failure.report(
        "live: \(document.unreadable.count) entries under \(FilePath(root).description) could not be read (see the report): it is incomplete"
      )
      throw ExitCode(2)
    }
  }
}
