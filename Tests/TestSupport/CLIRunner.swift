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

  /// The executable beside the test bundle (SwiftPM puts both in the same directory).
  public static var executable: URL {
    let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let direct = bundle.appendingPathComponent("klp-layout")
    if FileManager.default.isExecutableFile(atPath: direct.path) { return direct }
    return Fixtures.packageRoot.appendingPathComponent(".build/debug/klp-layout")
  }

  /// Runs `klp-layout arguments...` to completion. With `limits`, it runs under
  /// coreutils `timeout -s KILL` and `ulimit -v`, so a hang is killed and unbounded
  /// allocation fails, without relying on threads of the test process (which parallel
  /// tests may all be blocking). With `workingDirectory`, relative paths in `arguments`
  /// are taken from there (the golden tests run from the package root).
  public static func run(
    _ arguments: [String], limits: (seconds: Int, memoryMB: Int)? = nil,
    environment: [String: String] = [:],
    workingDirectory: URL? = nil
  ) throws -> CLIResult {
    let process = Process()
    if let workingDirectory { process.currentDirectoryURL = workingDirectory }
    // A UTF-8 locale, whatever the CI machine has, unless a test asks otherwise; the
    // type-index cache in a directory of the tests' own, not the user's.
    process.environment = ProcessInfo.processInfo.environment.merging([
      "LANG": "C.UTF-8", "LC_ALL": "", "XDG_CACHE_HOME": testCache.path,
    ]) { _, new in new }
    .merging(environment) { _, new in new }
    if let limits {
      process.executableURL = URL(fileURLWithPath: "/bin/sh")
      let script =
        "ulimit -v \(limits.memoryMB * 1024) && exec timeout --foreground -s KILL \(limits.seconds) \"$0\" \"$@\""
      process.arguments = ["-c", script, executable.path] + arguments
    } else {
      process.executableURL = executable
      process.arguments = arguments
    }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Read both pipes before waiting, so a large output cannot fill a pipe and stall.
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    // Under `timeout`, a signal shows as exit status 128 + signal; 137 is its KILL.
    // `--foreground` keeps timeout from sending KILL to its own process group, which
    // killed timeout itself and read as "killed by signal 9", not as a time-out.
    let status = process.terminationStatus
    let signaled = process.terminationReason == .uncaughtSignal || (limits != nil && status > 128)
    let timedOut =
      limits != nil
      && (status == 128 + 9 || (process.terminationReason == .uncaughtSignal && status == 9))
    return CLIResult(
      stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self),
      status: status, signaled: signaled, timedOut: timedOut)
  }
}
