import Foundation

/// What a finished program left: its outputs and how it ended.
public struct ProcessResult: Sendable {
  public var stdout: Data
  public var stderr: Data
  public var status: Int32
  /// Whether the process ended by a signal (a trap is SIGILL/SIGTRAP, a crash SIGSEGV).
  public var signaled: Bool
  /// Whether it was killed for running past its time limit.
  public var timedOut: Bool

  public var output: String { String(decoding: stdout, as: UTF8.self) }
  public var errors: String { String(decoding: stderr, as: UTF8.self) }
}

/// The program failed where a test needed it to succeed (a tool building an input, an
/// oracle): its status and what it said, never a silent empty answer.
public struct SubprocessError: Error, CustomStringConvertible {
  public var command: [String]
  public var result: ProcessResult
  public var description: String {
    "\(command.joined(separator: " ")) exited \(result.status): \(result.errors.suffix(2000))"
  }
}

/// The one way the tests start a program. Both outputs are read before waiting, so a
/// large output cannot fill a pipe and stall the child. With `limits`, the program runs
/// under coreutils `timeout -s KILL` and `ulimit -v`, so a hang is killed and unbounded
/// allocation fails without relying on threads of the test process (which parallel
/// tests may all be blocking).
public struct Subprocess {
  public var executable: String
  public var arguments: [String]
  /// Added to (and overriding) the test process's environment.
  public var environment: [String: String] = [:]
  public var workingDirectory: URL?
  public var input: Data?
  public var limits: (seconds: Int, memoryMB: Int?)?

  public init(_ executable: String, _ arguments: [String] = []) {
    self.executable = executable
    self.arguments = arguments
  }

  /// Runs to the end, whatever the status.
  public func run() throws -> ProcessResult {
    let process = Process()
    if let workingDirectory { process.currentDirectoryURL = workingDirectory }
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    if let limits {
      process.executableURL = URL(fileURLWithPath: "/bin/sh")
      // Under AddressSanitizer (scripts/asan sets KLP_TEST_SANITIZED) no address-space
      // cap: its shadow memory reserves terabytes up front, and the program could not start.
      let sanitized = ProcessInfo.processInfo.environment["KLP_TEST_SANITIZED"] != nil
      let memory = sanitized ? "" : limits.memoryMB.map { "ulimit -v \($0 * 1024) && " } ?? ""
      // `--foreground` keeps timeout from sending KILL to its own process group, which
      // killed timeout itself and read as "killed by signal 9", not as a time-out.
      let script =
        memory + "exec timeout --foreground -s KILL \(limits.seconds) \"$0\" \"$@\""
      process.arguments = ["-c", script, executable] + arguments
    } else {
      process.executableURL = URL(fileURLWithPath: executable)
      process.arguments = arguments
    }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    let stdin = input.map { _ in Pipe() }
    if let stdin {
      process.standardInput = stdin
    } else {
      process.standardInput = FileHandle.nullDevice
    }
    try process.run()
    if let stdin, let input {
      // Written on its own thread: a child that writes before it reads would otherwise
      // wait on us while we wait on it.
      let writer = stdin.fileHandleForWriting
      Thread.detachNewThread {
        try? writer.write(contentsOf: input)
        try? writer.close()
      }
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    // Under `timeout`, a signal shows as exit status 128 + signal; 137 is its KILL.
    let status = process.terminationStatus
    let bySignal = process.terminationReason == .uncaughtSignal
    return ProcessResult(
      stdout: outData, stderr: errData, status: status,
      signaled: bySignal || (limits != nil && status > 128),
      timedOut: limits != nil && (status == 128 + 9 || (bySignal && status == 9)))
  }

  /// Runs and requires exit status 0: the result, or an error naming the command and
  /// what it printed on stderr.
  public func succeed() throws -> ProcessResult {
    let result = try run()
    guard result.status == 0 else {
      throw SubprocessError(command: [executable] + arguments, result: result)
    }
    return result
  }
}
