import Foundation

/// Runs the built `klp-layout` binary, as a user would, and captures everything.
public struct CLIResult: Sendable {
  public var stdout: String
  public var stderr: String
  public var status: Int32
}

public enum CLI {
  /// The executable beside the test bundle (SwiftPM puts both in the same directory).
  public static var executable: URL {
    let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let direct = bundle.appendingPathComponent("klp-layout")
    if FileManager.default.isExecutableFile(atPath: direct.path) { return direct }
    return Fixtures.packageRoot.appendingPathComponent(".build/debug/klp-layout")
  }

  /// Runs `klp-layout arguments...` to completion.
  public static func run(_ arguments: [String]) throws -> CLIResult {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Read both pipes before waiting, so a large output cannot fill a pipe and stall.
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CLIResult(
      stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self),
      status: process.terminationStatus)
  }
}
