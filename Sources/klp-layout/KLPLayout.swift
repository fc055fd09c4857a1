import ArgumentParser
import Foundation

/// The `klp-layout` command: struct layouts and livepatch metadata costs from DWARF.
struct KLPLayout: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "klp-layout",
    abstract:
      "Struct layouts and livepatch metadata costs, read from the DWARF of kernel modules and vmlinux.",
    discussion: """
      Exit codes: 0 success; 1 a gate failed (check: a type over budget or missing; safety: an unsafe change); \
      2 a usage or input error (one line on stderr naming the file and the reason).
      """,
    version: BuildInfo.versionLine,
    subcommands: [
      Inspect.self, Layout.self, WhatIfCommand.self, Diff.self, BaselineCommand.self, Check.self,
      Audit.self, Scan.self, SafetyCommand.self, Live.self,
    ]
  )
}

@main
enum Main {
  static func main() {
    AllocatorTuning.apply()
    let arguments = Array(CommandLine.arguments.dropFirst())
    guard !arguments.isEmpty else {
      Failure.writeStderr(KLPLayout.helpMessage() + "\n")
      exit(2)
    }
    do {
      var command = try KLPLayout.parseAsRoot(arguments)
      try command.run()
      exit(0)
    } catch {
      exit(Failure.exitCode(for: error, arguments: arguments))
    }
  }
}
