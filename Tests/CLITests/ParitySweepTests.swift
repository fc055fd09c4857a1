import Foundation
import TestSupport
import Testing

/// scripts/parity-sweep on the fixtures it documents (docs/parity.md): the array of
/// function pointers pahole prints as `int (*fe_init)(…)[3]` is a named pahole bug, and
/// links inside a directory argument are followed or reported, never passed over.
struct ParitySweepTests {
  static func sweep(_ arguments: [String]) throws -> String {
    let script = Fixtures.packageRoot.appendingPathComponent("scripts/parity-sweep").path
    let r = try Subprocess(
      "/usr/bin/python3", [script, "--jobs", "1", "--klp", CLI.executable.path] + arguments
    ).succeed()
    return r.output
  }

  @Test func linksInADirectoryAreFollowedOrReported() throws {
    let dir = try Scratch.directory("klp-sweep")
    defer { try? FileManager.default.removeItem(at: dir) }
    let fm = FileManager.default
    try fm.createSymbolicLink(
      atPath: dir.appendingPathComponent("fe.o").path,
      withDestinationPath: Fixtures.path("parity/x86_64/func_ptr_arrays.o"))
    try fm.createSymbolicLink(
      atPath: dir.appendingPathComponent("gone.o").path, withDestinationPath: "/nonexistent/x.o")
    try fm.createSymbolicLink(
      atPath: dir.appendingPathComponent("up").path, withDestinationPath: dir.path)
    let out = try Self.sweep([dir.path])
    #expect(out.contains("files with DWARF:          1 (compared: 1"), "\(out)")
    #expect(
      out.contains(
        "symbolic links:            dangling links: 1, directory links not followed: 1, file links followed: 1"
      ), "\(out)")
    // The one block differs from pahole's only by the documented bug.
    #expect(out.contains("not explained:             0"), "\(out)")
    #expect(out.contains("arrayOfFunctionPointersBoundAfterParameters: 1"), "\(out)")
  }
}
