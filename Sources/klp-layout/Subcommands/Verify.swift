import ArgumentParser
import Frontend
import ReportSchema
import Reports

/// `klp-layout verify PATCH.ko... --target KERNEL`: will these livepatches load on that
/// kernel and patch what they name?
struct VerifyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "verify",
    abstract:
      "Check that livepatch modules will load on a kernel and patch what they name, as the kernel's own checks decide.",
    discussion: """
      Checks vermagic (same_magic()), symbol versions (check_version()), klp objects, functions and \
      old_sympos (klp_find_object_symbol()), klp relocations, the layouts of the types the patch uses \
      and the patched functions' prototypes, and livepatch support (docs/verify.md). A check whose \
      input the target lacks is unknown, never a pass. Exit 0 when every module passes, 1 when one \
      fails, 2 on input errors.
      """)

  @Argument(
    help: "Livepatch modules (.ko, also compressed; stripped ones too).", completion: .file())
  var modules: [String]

  @Option(
    help: ArgumentHelp(
      "The kernel: a debug vmlinux, a vmlinux with symbols (also compressed), or its raw BTF (/sys/kernel/btf/vmlinux).",
      valueName: "kernel"),
    completion: .file())
  var target: String

  @Option(
    name: .customLong("modules"),
    help: ArgumentHelp(
      "The kernel's module tree (/lib/modules/RELEASE, a debug tree), with modules.builtin.",
      valueName: "dir"),
    completion: .directory)
  var moduleTree: String?

  @OptionGroup var input: InputOptionGroup
  @OptionGroup var output: FormatOption<VerifyDocument>

  func run() throws {
    let inputs = try Session.start(input.options)
    let document = try inputs.finishing { () throws(FrontendError) in
      try VerifyUseCase.run(
        modules: modules, target: target, moduleTree: moduleTree, inputs: inputs)
    }
    try Output.emit(document, as: output.format)
    if document.verdict == .fail { throw Failure.GateFailed() }
  }
}
