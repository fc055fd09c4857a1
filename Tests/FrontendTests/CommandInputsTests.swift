import Foundation
import Frontend
import System
import TestSupport
import Testing

/// A command opens each input once, and nothing read from a file that changed while
/// the command read it is reported.
struct CommandInputsTests {
  static let sample = Fixtures.path("modules/6.1/dwarf5/livepatch-sample.ko")

  @Test func eachPathIsOpenedOnce() throws {
    let inputs = CommandInputs(options: InputOptions())
    let first = try inputs.open(Self.sample)
    let again = try inputs.open(Self.sample)
    #expect(first.file === again.file)
    #expect(try inputs.file(FilePath(Self.sample)) === first.file)
  }

  @Test func aFileChangedDuringTheUseCaseFailsTheCommand() throws {
    let dir = try Scratch.directory("klp-inputs")
    defer { try? FileManager.default.removeItem(at: dir) }
    let copy = dir.appendingPathComponent("m.ko").path
    try FileManager.default.copyItem(atPath: Self.sample, toPath: copy)
    let inputs = CommandInputs(options: InputOptions())
    #expect(throws: FrontendError.self) {
      try inputs.finishing { () throws(FrontendError) -> Int in
        _ = try inputs.open(copy)
        let handle = FileHandle(forWritingAtPath: copy)
        _ = try? handle?.seekToEnd()
        try? handle?.write(contentsOf: Data([0]))
        try? handle?.close()
        return 0
      }
    }
    // Unchanged, the same use case passes.
    let fresh = CommandInputs(options: InputOptions())
    #expect(
      try fresh.finishing { () throws(FrontendError) -> Bool in try fresh.open(copy).isModule })
  }

  @Test func aMissingInputIsOneInputError() {
    let inputs = CommandInputs(options: InputOptions())
    #expect {
      try inputs.open("/nonexistent/m.ko")
    } throws: { error in
      guard case .input(.unreadable(_, .noSuchFile)) = error as? FrontendError else { return false }
      return "\(error)" == "/nonexistent/m.ko: cannot read: No such file or directory"
    }
  }
}

/// `-o`: one way to write a file, refusing what it must not follow or replace.
struct OutputFileTests {
  static func scratch() throws -> URL { try Scratch.directory("klp-output") }

  @Test func aDanglingSymlinkIsRefusedAndCreatesNothing() throws {
    let dir = try Self.scratch()
    defer { try? FileManager.default.removeItem(at: dir) }
    let link = dir.appendingPathComponent("b.json").path
    let target = dir.appendingPathComponent("elsewhere/created.json").path
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
    #expect(throws: OutputError.self) { try OutputFile.write("{}", to: link) }
    #expect(!FileManager.default.fileExists(atPath: target))
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["b.json"])
  }

  @Test func aSymlinkToAFileIsWrittenThroughKeepingItsMode() throws {
    let dir = try Self.scratch()
    defer { try? FileManager.default.removeItem(at: dir) }
    let target = dir.appendingPathComponent("real.json").path
    try Data("old".utf8).write(to: URL(fileURLWithPath: target))
    _ = chmod(target, 0o640)
    let link = dir.appendingPathComponent("link.json").path
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "real.json")
    try OutputFile.write("new", to: link)
    #expect(try String(contentsOfFile: target, encoding: .utf8) == "new")
    let mode = try FileManager.default.attributesOfItem(atPath: target)[.posixPermissions] as? Int
    #expect(mode == 0o640)
    #expect(
      Set(try FileManager.default.contentsOfDirectory(atPath: dir.path)) == [
        "real.json", "link.json",
      ])
  }
}
