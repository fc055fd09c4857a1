import Foundation
import Testing
import TestSupport

/// `--format` of every subcommand: its help, its shell completion and its refusal of
/// other values list the same formats (each subcommand's, declared once by its
/// document), and a format it does not write is refused before anything is read.
/// Also the argument parser's errors: one line, one suggestion, exit 2.
@Suite struct FormatOptionTests {
  static let allFormats = ["text", "json", "markdown", "github", "svg", "html"]

  /// (subcommand, the formats its completion offers, its help text) from the
  /// argument parser's own description of the command.
  static let formatOptions: [(String, [String], String)] = {
    guard let r = try? CLI.run(["--experimental-dump-help"]),
      let json = try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any],
      let command = json["command"] as? [String: Any],
      let subcommands = command["subcommands"] as? [[String: Any]]
    else { return [] }
    return subcommands.compactMap { sub in
      let format = (sub["arguments"] as? [[String: Any]] ?? []).first {
        (($0["names"] as? [[String: Any]]) ?? []).contains { $0["name"] as? String == "format" }
      }
      guard let name = sub["commandName"] as? String, let format,
        let kind = format["completionKind"] as? [String: Any],
        let list = kind["list"] as? [String: Any], let values = list["values"] as? [String]
      else { return nil }
      return (name, values, format["abstract"] as? String ?? "")
    }
  }()

  /// `text, json or html`, as the refusal words it.
  static func listing(_ formats: [String]) -> String {
    formats.count < 2
      ? formats.joined() : formats.dropLast().joined(separator: ", ") + " or " + formats.last!
  }

  @Test func everySubcommandThatReportsHasAFormatOption() {
    let names = Self.formatOptions.map(\.0)
    #expect(
      names == [
        "inspect", "layout", "whatif", "diff", "check", "audit", "scan", "safety", "live",
      ],
      "\(names)")
  }

  @Test func helpCompletionAndRefusalListTheSameFormats() throws {
    for (name, formats, help) in Self.formatOptions {
      #expect(formats.first == "text" && formats.contains("json"), "\(name): \(formats)")
      let listed = Self.allFormats.filter { help.contains($0) }
      #expect(Set(listed) == Set(formats), "\(name): help says \(help)")
      let r = try CLI.run([name, "--format", "yaml"])
      #expect(r.status == 2, "\(name): \(r.status)")
      #expect(r.stderr.contains("expected \(Self.listing(formats))"), "\(name): \(r.stderr)")
    }
  }

  @Test func aFormatASubcommandDoesNotWriteIsRefusedWithASuggestion() throws {
    for (name, formats, _) in Self.formatOptions {
      for format in Self.allFormats where !formats.contains(format) {
        let r = try CLI.run([name, "--format", format])
        let lines = r.stderr.split(separator: "\n")
        #expect(r.status == 2 && r.stdout.isEmpty, "\(name) --format \(format): \(r.status)")
        #expect(
          lines.count == 2 && lines[0].hasPrefix("klp-layout: The value '\(format)' is invalid")
            && lines[1] == "Usage: see 'klp-layout \(name) --help'",
          "\(name) --format \(format): \(r.stderr)")
        #expect(r.stderr.contains(Self.listing(formats)), "\(name): \(r.stderr)")
      }
      let typo = try CLI.run([name, "--format", "jsno"])
      #expect(typo.stderr.contains("; did you mean 'json'?"), "\(name): \(typo.stderr)")
    }
  }

  /// The parser's own suggestion is the only one (it was said twice).
  @Test func aMisspelledOptionGetsOneSuggestion() throws {
    let r = try CLI.run(["layout", "x.ko", "--fromat", "json"])
    #expect(r.status == 2)
    #expect(
      r.stderr
        == "klp-layout: Unknown option '--fromat'. Did you mean '--format'?\nUsage: see 'klp-layout layout --help'\n"
    )
  }

  @Test func anUnknownSubcommandIsNamedBeforeParsing() throws {
    let r = try CLI.run(["lyout", "x.ko"])
    #expect(r.status == 2)
    #expect(
      r.stderr
        == "klp-layout: unknown subcommand 'lyout'; did you mean 'layout'?\nUsage: see 'klp-layout --help'\n"
    )
  }

  @Test func helpAndVersionGoToStdoutWithExitZero() throws {
    for arguments in [["--help"], ["--version"], ["layout", "--help"], ["help", "layout"]] {
      let r = try CLI.run(arguments)
      #expect(r.status == 0 && r.stderr.isEmpty && !r.stdout.isEmpty, "\(arguments)")
    }
  }
}
