import ArgumentParser

/// The `klp-layout` command: struct layouts and livepatch metadata costs from DWARF.
@main
struct KLPLayout: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "klp-layout",
    abstract: "Struct layouts and livepatch metadata costs, read from the DWARF of kernel modules and vmlinux.",
    version: BuildInfo.versionLine,
    subcommands: [Inspect.self, Layout.self, WhatIfCommand.self, Diff.self, BaselineCommand.self, Check.self, Audit.self, Scan.self]
  )
}
