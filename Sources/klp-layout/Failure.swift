import ArgumentParser
import Frontend
import LayoutModel
import ReportSchema
import System

/// The one place errors become what the user sees: one line on stderr and an exit
/// code. 0 success; 1 a gate failed; 2 every usage or input error, including the
/// argument parser's own (never its 64).
enum Failure {
  /// The gate (`check`, `safety`) failed: exit 1, the report already printed.
  struct GateFailed: Error {}

  /// A gate could not read or compare part of its input: its report (already printed)
  /// lists what; one line says so and the exit is 2.
  struct Incomplete: Error {
    var message: String
  }

  /// A first argument that is neither an option nor a subcommand, found before the
  /// argument parser runs (it would call the word an unexpected argument).
  struct UnknownSubcommand: Error {
    var name: String
  }

  /// Each error by its type. The argument parser's own types are its own: for them it
  /// says itself whether the user asked for help (`exitCode(for:)`) and what went wrong
  /// (`message(for:)`, a "did you mean" included where it has one), and its words are
  /// printed as they are.
  static func exitCode(for error: any Error, arguments: [String]) -> Int32 {
    switch error {
    case is GateFailed:
      return 1
    case let error as Incomplete:
      return report(error.message)
    case let error as FrontendError:
      return report("\(error)")
    case let error as StdoutError:
      return report("\(error)")
    case let error as EnvironmentError:
      return report("\(error)")
    case let error as ReportEncodingError:
      return report("\(error)")
    case let error as UnknownSubcommand:
      let hint = Suggestions.hint(
        Suggestions.closest(to: error.name, in: KLPLayout.subcommandNames))
      return report("unknown subcommand '\(error.name)'" + hint, usage: true)
    case let exit as ExitCode:
      return exit.rawValue
    default:
      return parserError(
        error, subcommand: arguments.first.flatMap(KLPLayout.subcommandNamed),
        arguments: arguments)
    }
  }

  /// `--help`, `--version` and completion scripts: stdout, exit 0. Anything else the parser
  /// refused: its message, the usage hint, exit 2.
  private static func parserError(
    _ error: any Error, subcommand: String?, arguments: [String]
  ) -> Int32 {
    guard KLPLayout.exitCode(for: error) != .success else {
      try? Output.write(KLPLayout.fullMessage(for: error) + "\n")
      return 0
    }
    let message = KLPLayout.message(for: error)
    let hint = paholeOptionsElsewhere.first { option, _ in
      message.contains("'\(option)'") && arguments.contains(option)
    }
    return report(
      message + (hint.map { "; pahole's \($0.key) is \($0.value)" } ?? ""), usage: true,
      subcommand: subcommand)
  }

  /// pahole's options whose counterpart is another subcommand, for the message that
  /// refuses them.
  static let paholeOptionsElsewhere: [String: String] = [
    "-R": "'klp-layout audit FILE --full-reorder'",
    "--reorganize": "'klp-layout audit FILE --full-reorder'",
    "-S": "'klp-layout audit FILE' (the moves, one by one)",
    "--show_reorg_steps": "'klp-layout audit FILE' (the moves, one by one)",
    "-P": "'klp-layout audit FILE' (what each struct can save)",
    "--packable": "'klp-layout audit FILE' (what each struct can save)",
  ]

  /// One line (a message of several lines is folded into it), and with `usage` a line
  /// saying where the help is; exit 2. What is left of control bytes after the folding
  /// (an ESC in a type name typed on the command line, echoed in "not found") is written
  /// as paths are (`\x1b`): no message sends the terminal a sequence.
  @discardableResult
  static func report(_ message: String, usage: Bool = false, subcommand: String? = nil) -> Int32 {
    let folded = message.split(separator: "\n").map { $0.trimmingWhitespace }
      .filter { !$0.isEmpty }.joined(separator: " ")
    let line = FilePath.escaped(Array(folded.utf8))
    var text = "klp-layout: " + line + "\n"
    if usage { text += "Usage: see 'klp-layout \(subcommand.map { $0 + " " } ?? "")--help'\n" }
    writeStderr(text)
    return 2
  }

  static func writeStderr(_ text: String) {
    // Best effort: with stderr gone there is no one left to tell.
    try? FileDescriptor.standardError.writeAll(Array(text.utf8))
  }
}
