import Foundation
import System
import TestSupport
import Testing

/// Inputs are opened one way: never blocking, regular files only, the format told by
/// the first bytes, and a change underneath noticed.
struct InputFileTests {
  static func scratch() throws -> URL { try Scratch.directory("klp-input") }

  @Test(arguments: [
    ("modules/6.1/dwarf5/livepatch-sample.ko", InputFormat.elf),
    ("special/livepatch-sample.ko.xz", .compressed(.xz)),
    ("special/livepatch-sample.ko.gz", .compressed(.gzip)),
    ("special/livepatch-sample.ko.bz2", .compressed(.bzip2)),
    ("special/livepatch-sample.ko.zst", .compressed(.zstd)),
    ("btf/split/base-6.1.btf", .rawBTF),
    ("special/not-elf.ko", .other),
    ("special/empty.ko", .other),
  ])
  func theFormatComesFromTheFirstBytes(relative: String, format: InputFormat) throws {
    let input = try InputFile.open(FilePath(Fixtures.path(relative)))
    #expect(input.format == format)
  }

  @Test(.timeLimit(.minutes(1)))
  func aFIFOIsRefusedWithoutWaitingForAWriter() throws {
    let dir = try Self.scratch()
    defer { try? FileManager.default.removeItem(at: dir) }
    let fifo = dir.appendingPathComponent("module.ko").path
    try #require(mkfifo(fifo, 0o600) == 0)
    #expect(
      throws: InputFileError.notRegularFile(
        path: FilePath(fifo), found: .fifo, expected: "an ELF file")
    ) { try InputFile.open(FilePath(fifo)) }
    #expect(
      throws: InputFileError.notRegularFile(
        path: FilePath(dir.path), found: .directory, expected: "an ELF file")
    ) { try InputFile.open(FilePath(dir.path)) }
    #expect(
      throws: InputFileError.unreadable(path: FilePath(dir.path + "/none"), reason: .noSuchFile)
    ) { try InputFile.open(FilePath(dir.path + "/none")) }
  }

  @Test func aNameThatIsNotUTF8OpensByItsBytes() throws {
    let dir = try Self.scratch()
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = FilePath(dir.path).appending(FilePath(bytes: [0x6F, 0xFF, 0x2E, 0x6B, 0x6F]))
    let created = try FileDescriptor.open(path, O_WRONLY | O_CREAT | O_EXCL, permissions: 0o600)
    try created.writeAll(Array("hello".utf8))
    created.close()
    let input = try InputFile.open(path)
    #expect(try input.readAll(limit: 100) == Array("hello".utf8))
    #expect(throws: InputFileError.tooLarge(path: path, size: 5, limit: 4)) {
      try input.readAll(limit: 4)
    }
  }

  /// The running kernel's BTF is copied from a mapping of it where the kernel lets it
  /// be mapped (Linux 6.16 and later), else read; either way the bytes are the file's,
  /// as reading it a piece at a time gives them. Without it there is nothing to compare.
  @Test func theKernelsBTFReadsAsItsBytes() throws {
    guard let input = try? InputFile.open(FilePath("/sys/kernel/btf/vmlinux")) else { return }
    let whole = try input.readAll(limit: 64 << 20)
    var pieces: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
      let n = try buffer.withUnsafeMutableBytes { raw in
        try input.descriptor.read(at: UInt64(pieces.count), into: raw)
      }
      if n == 0 { break }
      pieces += buffer[..<n]
    }
    #expect(whole == pieces && !whole.isEmpty)
  }

  /// Truncated, grown or rewritten in place: each is a change the check sees.
  @Test(arguments: ["truncate", "append", "rewrite"])
  func aChangeUnderneathIsNoticed(how: String) throws {
    let dir = try Self.scratch()
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("m.ko").path
    try Data(repeating: 7, count: 4096).write(to: URL(fileURLWithPath: path))
    let input = try InputFile.open(FilePath(path))
    try input.verifyUnchanged()
    let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
    switch how {
    case "truncate": try handle.truncate(atOffset: 100)
    case "append":
      try handle.seekToEnd()
      try handle.write(contentsOf: Data([1]))
    default:
      // Same size, new bytes, a later modification time.
      usleep(20_000)
      try handle.write(contentsOf: Data(repeating: 9, count: 4096))
    }
    try handle.close()
    #expect(throws: InputFileError.changedWhileReading(path: FilePath(path))) {
      try input.verifyUnchanged()
    }
  }

  @Test func contentsAreComparedWithoutReadingThemWhole() throws {
    let a = try InputFile.open(FilePath(Fixtures.path("modules/6.1/dwarf5/livepatch-sample.ko")))
    let b = try InputFile.open(FilePath(Fixtures.path("modules/6.1/dwarf5/livepatch-sample.ko")))
    let c = try InputFile.open(FilePath(Fixtures.path("modules/6.1/dwarf4/livepatch-sample.ko")))
    #expect(try a.sameContents(as: b))
    #expect(try !a.sameContents(as: c))
  }
}

/// Interrupted calls are retried, in one place; other failures are the call's errno.
struct ErrnoTests {
  @Test func anInterruptedCallIsRetriedAndOtherFailuresAreKept() {
    var calls = 0
    let value = valueOrErrno { () -> Int32 in
      calls += 1
      if calls < 3 {
        errno = EINTR
        return -1
      }
      return 42
    }
    #expect(value == .success(42) && calls == 3)
    let failed = valueOrErrno { () -> Int32 in
      errno = ENOENT
      return -1
    }
    #expect(failed == .failure(.noSuchFile))
  }
}

/// A directory is listed as it is: names as bytes, nothing followed.
struct DirectoryTests {
  @Test func entriesAreNamesAndKinds() throws {
    let dir = try InputFileTests.scratch()
    defer { try? FileManager.default.removeItem(at: dir) }
    try FileManager.default.createDirectory(
      at: dir.appendingPathComponent("sub"), withIntermediateDirectories: true)
    try Data().write(to: dir.appendingPathComponent("file"))
    try FileManager.default.createSymbolicLink(
      atPath: dir.appendingPathComponent("link").path, withDestinationPath: "/etc")
    let entries = try Directory.entries(of: FilePath(dir.path)).sorted {
      $0.name.lexicographicallyPrecedes($1.name)
    }
    #expect(entries.map { String(decoding: $0.name, as: UTF8.self) } == ["file", "link", "sub"])
    #expect(entries.map(\.kind) == [.regular, .symbolicLink, .directory])
    #expect(throws: Errno.noSuchFile) { try Directory.entries(of: FilePath(dir.path + "/none")) }
  }
}
