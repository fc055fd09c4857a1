#if canImport(Glibc)
  import Glibc
#endif
import ArgumentParser
import System

/// The `klp-layout` command: struct layouts and livepatch metadata costs from DWARF.
struct KLPLayout: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "klp-layout",
    abstract:
      "Struct layouts and livepatch metadata costs, read from the DWARF or BTF of kernel modules and vmlinux.",
    discussion: """
      Exit codes: 0 success; 1 a gate failed (check: a type over budget or missing; safety: an unsafe change; \
      verify: a module that would not load or patch as meant); \
      2 a usage or input error (one line on stderr naming the file and the reason).
      """,
    version: BuildInfo.versionLine,
    subcommands: [
      Inspect.self, Layout.self, WhatIfCommand.self, Diff.self, BaselineCommand.self, Check.self,
      Audit.self, Scan.self, SafetyCommand.self, Live.self, VerifyCommand.self,
    ]
  )

  /// The subcommands' names, and `help`, which the argument parser adds.
  static let subcommandNames =
    configuration.subcommands.compactMap { $0.configuration.commandName } + ["help"]

  /// `name` when it names a subcommand.
  static func subcommandNamed(_ name: String) -> String? {
    subcommandNames.contains(name) ? name : nil
  }

  /// The command `arguments` ask for: a first word that is not an option must name a
  /// subcommand, which the parser would only call an unexpected argument.
  static func parse(_ arguments: [String]) throws -> ParsableCommand {
    if let first = arguments.first, !first.hasPrefix("-"), subcommandNamed(first) == nil {
      throw Failure.UnknownSubcommand(name: first)
    }
    return try parseAsRoot(arguments)
  }
}

@main
enum Main {
  static func main() {
    // Before anything is allocated: an allocation Swift cannot make is a trap.
    if let shortfall = MemoryBudget.startupShortfall() {
      Failure.writeStderr("klp-layout: " + shortfall + "\n")
      exit(2)
    }
    // main's own argv, as bytes the parser's text carries (`CommandArguments`): not the
    // runtime's, which is decoded lossily and read from /proc.
    let arguments = CommandArguments.forParser
    guard !arguments.isEmpty else {
      Failure.writeStderr(KLPLayout.helpMessage() + "\n")
      exit(2)
    }
    let status: Int32
    do {
      var command = try KLPLayout.parse(arguments)
      try command.run()
      finish()
    } catch {
      status = Failure.exitCode(for: error, arguments: arguments)
    }
    // Out of the catch first: the error (with what it names: a parser's state, a path)
    // is released before `exit`, whose handlers include a leak checker's (scripts/asan),
    // which cannot follow the pointers Swift packs into enum payloads and would report
    // what the error still held as leaked.
    exit(status)
  }

  /// Ends a run that succeeded at once (`_exit`): its report is written with write(2),
  /// never through stdio (flushed here all the same), and nothing it needs runs at exit.
  /// `exit` first ran every handler the linked libraries registered: 0.7 ms of a 50 ms
  /// BTF dump, measured. Under a leak checker (`LeakChecking`) the check is one of those
  /// handlers: then `exit`.
  private static func finish() -> Never {
    fflush(nil)
    if LeakChecking.isOn { exit(0) }
    _exit(0)
  }
}
