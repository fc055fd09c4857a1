import ArgumentParser
import Foundation
import Frontend
import LayoutModel

/// The one place errors become what the user sees: one line on stderr and an exit
/// code. 0 success; 1 a gate failed; 2 every usage or input error, including the
/// argument parser's own (never its 64).
enum Failure {
  /// The gate (`check`) found the build over budget: exit 1, the report already printed.
  struct GateFailed: Error {}

  static func exitCode(for error: any Error, arguments: [String]) -> Int32 {
    switch error {
    case is GateFailed:
      return 1
    case let error as FrontendError:
      return report("\(error)")
    case let error as StdoutError:
      return report("\(error)")
    case let exit as ExitCode:
      return exit.rawValue
    default:
      return usage(error, arguments: arguments)
    }
  }

  /// A parse or validation error of the argument parser, or `--help`/`--version`.
  private static func usage(_ error: any Error, arguments: [String]) -> Int32 {
    let code = KLPLayout.exitCode(for: error)
    if code == .success {
      // --help, --version: what the user asked for, on stdout.
      try? Output.write(KLPLayout.fullMessage(for: error) + "\n")
      return 0
    }
    let names = KLPLayout.configuration.subcommands.map { $0._commandName }
    if let first = arguments.first, !first.hasPrefix("-"), !names.contains(first) {
      return report(
        "unknown subcommand '\(first)'"
          + Suggestions.hint(Suggestions.closest(to: first, in: names)), usage: true)
    }
    var message =
      KLPLayout.message(for: error)
      .split(separator: "\n").first.map(String.init) ?? "invalid arguments"
    if message.hasPrefix("Error: ") { message.removeFirst("Error: ".count) }
    if let (value, choices) = invalidChoice(in: message) {
      message += Suggestions.hint(Suggestions.closest(to: value, in: choices))
    } else if let unknown = unknownOption(in: message) {
      let options = optionNames(
        of: arguments.first.flatMap { n in
          KLPLayout.configuration.subcommands.first { $0._commandName == n }
        })
      message += Suggestions.hint(Suggestions.closest(to: unknown, in: options))
    }
    return report(
      message, usage: true, subcommand: arguments.first.flatMap { names.contains($0) ? $0 : nil })
  }

  /// `The value 'jsn' is invalid for '--format <format>'. Please provide one of 'text',
  /// 'json' or 'markdown'.` → (`jsn`, [text, json, markdown]).
  private static func invalidChoice(in message: String) -> (String, [String])? {
    guard message.hasPrefix("The value '"),
      let provide = message.range(of: "Please provide one of ")
    else { return nil }
    let quoted = message.split(separator: "'", omittingEmptySubsequences: false)
    guard quoted.count > 2 else { return nil }
    let choices = message[provide.upperBound...].split(
      separator: "'", omittingEmptySubsequences: false
    )
    .enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
    return (String(quoted[1]), choices)
  }

  /// `Unknown option '--bogus'` → `--bogus`.
  private static func unknownOption(in message: String) -> String? {
    guard message.hasPrefix("Unknown option '"), let end = message.dropFirst(16).firstIndex(of: "'")
    else { return nil }
    return String(message[message.index(message.startIndex, offsetBy: 16)..<end])
  }

  private static func optionNames(of command: ParsableCommand.Type?) -> [String] {
    guard let command else { return [] }
    return command.completionCandidates
  }

  @discardableResult
  static func report(_ message: String, usage: Bool = false, subcommand: String? = nil) -> Int32 {
    var text = "klp-layout: " + message.replacingOccurrences(of: "\n", with: " ") + "\n"
    if usage { text += "Usage: see 'klp-layout \(subcommand.map { $0 + " " } ?? "")--help'\n" }
    writeStderr(text)
    return 2
  }

  static func writeStderr(_ text: String) {
    // Best effort: with stderr gone there is no one left to tell.
    let bytes = Array(text.utf8)
    var done = 0
    while done < bytes.count {
      let n = bytes.withUnsafeBytes {
        write(STDERR_FILENO, $0.baseAddress! + done, $0.count - done)
      }
      if n < 0 && errno == EINTR { continue }
      if n <= 0 { return }
      done += n
    }
  }
}

extension ParsableCommand {
  /// The long option names a subcommand accepts, for "did you mean".
  static var completionCandidates: [String] {
    var names: [String] = []
    for line in helpMessage(columns: 1000).split(separator: "\n") {
      for word in line.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "=" })
      where word.hasPrefix("--") {
        names.append(String(word))
      }
    }
    return names
  }
}
