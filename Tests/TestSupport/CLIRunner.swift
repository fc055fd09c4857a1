import Foundation

/// Runs the built `klp-layout` binary, as a user would, and captures everything.
public struct CLIResult: Sendable {
  public var stdout: String
  public var stderr: String
  public var status: Int32
  /// Whether the process ended by a signal (a trap is SIGILL/SIGTRAP, a crash SIGSEGV).
  public var signaled = false
  /// Whether it was killed for running past its time limit.
  public var timedOut = false
}

public enum CLI {
  /// Where the binary keeps its type indexes when run by the tests (`XDG_CACHE_HOME`).
  public static let testCache = FileManager.default.temporaryDirectory.appendingPathComponent(
    "klp-layout-tests-\(getuid())")

  /// The executable the tests run: `KLP_LAYOUT_TEST_BINARY` when set (scripts/test sets it
  /// to the release binary it builds for scripts/test-install, so the CLI tests check what
  /// users install, about three times faster than the debug one), else the executable
  /// beside the test bundle (SwiftPM puts both in the same directory).
  public static let executable: URL = {
    if let chosen = ProcessInfo.processInfo.environment["KLP_LAYOUT_TEST_BINARY"],
      !chosen.isEmpty
    {
      return URL(fileURLWithPath: chosen)
    }
    let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let direct = bundle.appendingPathComponent("klp-layout")
    if FileManager.default.isExecutableFile(atPath: direct.path) { return direct }
    return Fixtures.packageRoot.appendingPathComponent(".build/debug/klp-layout")
  }()

  /// Runs `klp-layout arguments...` to completion. With `limits`, it runs under
  /// `timeout -s KILL` and `ulimit -v` (`Subprocess`). With `workingDirectory`, relative
  /// paths in `arguments` are taken from there (the golden tests run from the package
  /// root). A UTF-8 locale, whatever the CI machine has, unless a test asks otherwise.
  public static func run(
    _ arguments: [String], limits: (seconds: Int, memoryMB: Int)? = nil,
    environment: [String: String] = [:],
    workingDirectory: URL? = nil, input: Data? = nil
  ) throws -> CLIResult {
    var process = Subprocess(executable.path, arguments)
    // The type-index cache in a directory of the tests' own, not the user's.
    process.environment = ["LANG": "C.UTF-8", "LC_ALL": "", "XDG_CACHE_HOME": testCache.path]
      .merging(environment) { $1 }
    process.workingDirectory = workingDirectory
    process.input = input
    process.limits = limits.map { ($0.seconds, $0.memoryMB) }
    let result = try process.run()
    return CLIResult(
      stdout: result.output, stderr: result.errors, status: result.status,
      signaled: result.signaled, timedOut: result.timedOut)
  }
}
