import Foundation
import TestSupport
import Testing

/// Where klp-layout meets the user's system: output files, FIFOs, full disks,
/// decompression bombs, usage errors, unreadable trees and hostile names. Each case runs
/// the built binary and checks what a careful root-run CI tool must do: nothing outside
/// the named output is written, nothing blocks, every failure is one line and exit 2.
struct BoundaryTests {
  static let sample = Fixtures.path("modules/6.1/dwarf5/livepatch-sample.ko")

  /// A fresh directory for one test.
  static func scratch() throws -> URL {
    try Scratch.directory("klp-boundary")
  }

  static func sh(_ script: String) throws -> (status: Int32, output: String) {
    let r = try Subprocess("/bin/sh", ["-c", script]).run()
    return (r.status, r.output + r.errors)
  }

  static func expectOneLineError(_ r: CLIResult, _ what: String, contains: String? = nil) {
    #expect(r.status == 2, "\(what): exit \(r.status), \(r.stderr)")
    #expect(!r.signaled && !r.timedOut, "\(what)")
    #expect(r.stderr.hasPrefix("klp-layout: "), "\(what): \(r.stderr)")
    if let contains { #expect(r.stderr.contains(contains), "\(what): \(r.stderr)") }
  }

  /// Whatever is left in `dir` besides `expected`: temporary files must never stay.
  static func leftovers(_ dir: URL, expected: Set<String>) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { !expected.contains($0) }
  }

  // MARK: output files

  @Test func deviceAndFifoTargetsAreRefusedAndLeftAlone() throws {
    let dir = try Self.scratch()
    defer { try? FileManager.default.removeItem(at: dir) }
    let fifo = dir.appendingPathComponent("fifo.json").path
    #expect(mkfifo(fifo, 0o644) == 0)
    let r = try CLI.run(["baseline", Self.sample, "-o", fifo], limits: (20, 2048))
    Self.expectOneLineError(r, "FIFO target", contains: "not a regular file")
    var st = stat()
    #expect(lstat(fifo, &st) == 0 && st.st_mode & S_IFMT == S_IFIFO, "the FIFO is still a FIFO")
    let device = dir.appendingPathComponent("null.json").path
    if getuid() == 0 {
      #expect(mknod(device, S_IFCHR | 0o666, dev_t((1 << 8) | 3)) == 0)
      let d = try CLI.run(["baseline", Self.sample, "-o", device], limits: (20, 2048))
      Self.expectOneLineError(d, "device target", contains: "not a regular file")
      #expect(
        lstat(device, &st) == 0 && st.st_mode & S_IFMT == S_IFCHR,
        "the device node is still a device")
    } else {
      print("BoundaryTests: device node case skipped: mknod needs root")
    }
    let dev = try CLI.run(["baseline", Self.sample, "-o", "/dev/null"], limits: (20, 2048))
    Self.expectOneLineError(dev, "/dev/null")
    #expect(lstat("/dev/null", &st) == 0 && st.st_mode & S_IFMT == S_IFCHR)
    #expect(try Self.leftovers(dir, expected: ["fifo.json", "null.json"]).isEmpty)
  }

  @Test func aSymlinkIsWrittenThroughAndTheModeIsKept() throws {
    let dir = try Self.scratch()
    defer { try? FileManager.default.removeItem(at: dir) }
    let target = dir.appendingPathComponent("target.json").path
    try "old".write(toFile: target, atomically: false, encoding: .utf8)
    #expect(chmod(target, 0o600) == 0)
    #expect(symlink("target.json", dir.appendingPathComponent("link.json").path) == 0)
    let r = try CLI.run([
      "baseline", Self.sample, "-o", dir.appendingPathComponent("link.json").path,
    ])
    #expect(r.status == 0, "\(r.stderr)")
    var st = stat()
    #expect(
      lstat(dir.appendingPathComponent("link.json").path, &st) == 0
        && st.st_mode & S_IFMT == S_IFLNK, "the link stays")
    #expect(stat(target, &st) == 0 && st.st_mode & 0o777 == 0o600, "mode kept")
    #expect(try String(contentsOfFile: target, encoding: .utf8).contains("\"schemaVersion\" : 2"))
    #expect(try Self.leftovers(dir, expected: ["target.json", "link.json"]).isEmpty)
  }

  /// A symlink planted where a predictable temporary name would be is never followed:
  /// the temporary file is created exclusively under a random name.
  @Test func aPlantedTemporaryNameIsNotFollowed() throws {
    let dir = try Self.scratch()
    defer { try? FileManager.default.removeItem(at: dir) }
    let victim = dir.appendingPathComponent("victim").path
    try "precious".write(toFile: victim, atomically: false, encoding: .utf8)
    for pid in 1..<64 {
      _ = symlink(victim, dir.appendingPathComponent(".out.json.\(pid).tmp").path)
    }
    let r = try CLI.run([
      "baseline", Self.sample, "-o", dir.appendingPathComponent("out.json").path,
    ])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(try String(contentsOfFile: victim, encoding: .utf8) == "precious")
  }

  @Test(
    .enabled(if: Host.canMountTmpfs, "needs a tmpfs mount (root, and a machine that allows it)"))
  func aFullDiskLeavesNoTemporaryFile() throws {
    // A tmpfs too small for the baseline: the write fails, the message names the -o
    // path, and nothing is left behind.
    let dir = try Self.scratch()
    defer {
      _ = try? Self.sh("umount '\(dir.path)'")
      try? FileManager.default.removeItem(at: dir)
    }
    try #require(try Self.sh("mount -t tmpfs -o size=4k tmpfs '\(dir.path)'").status == 0)
    let out = dir.appendingPathComponent("b.json").path
    let r = try CLI.run([
      "baseline", Self.sample, "-o", out, "-t", "klp_func", "-t", "klp_object", "-t", "klp_patch",
      "-t", "module",
    ])
    Self.expectOneLineError(r, "ENOSPC", contains: out)
    #expect(r.stderr.contains("No space left on device"), "\(r.stderr)")
    #expect(try Self.leftovers(dir, expected: []).isEmpty)
  }

  /// A one-character relative name has no directory part: it is written where the
  /// command runs (this trapped in Foundation's path splitting once).
  @Test func aBareOutputNameIsWrittenInTheWorkingDirectory() throws {
    let dir = try Self.scratch()
    defer { try? FileManager.default.removeItem(at: dir) }
    let r = try CLI.run(
      ["baseline", Self.sample, "-o", "x", "-t", "klp_func"], workingDirectory: dir)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["x"])
  }

  /// A thread count from the environment is held to the range `--jobs` is.
  @Test(arguments: ["0", "1000000000", "two", "-3"])
  func anOutOfRangeThreadCountIsRefused(value: String) throws {
    let r = try CLI.run(
      ["layout", Self.sample, "-t", "klp_func"], limits: (30, 2048),
      environment: ["KLP_LAYOUT_JOBS": value])
    Self.expectOneLineError(r, value, contains: "KLP_LAYOUT_JOBS='\(value)'")
  }

  @Test func aFullStdoutIsOneLineAndExitTwo() throws {
    for args in [
      ["layout", Self.sample], ["inspect", Self.sample], ["whatif", Self.sample, "--nops", "2"],
    ] {
      let script = "exec \"$0\" \"$@\" > /dev/full"
      let r = try Subprocess("/bin/sh", ["-c", script, CLI.executable.path] + args).run()
      let stderr = r.errors
      #expect(r.status == 2 && !r.signaled, "\(args[0]): \(r.status)")
      #expect(
        stderr == "klp-layout: cannot write output: No space left on device\n",
        "\(args[0]): \(stderr)")
    }
  }

  // MARK: inputs

  /// A stripped module with FIFOs where libdwfl's default search would look: nothing
  /// blocks, and the FIFOs are not read as debug files.
  @Test func fifoDebugFilesDoNotBlock() throws {
    let dir = try Self.scratch()
    defer { try? FileManager.default.removeItem(at: dir) }
    let stripped = dir.appendingPathComponent("s.ko").path
    try FileManager.default.copyItem(
      atPath: Fixtures.path("special/livepatch-sample.stripped.ko"), toPath: stripped)
    #expect(mkfifo(stripped + ".debug", 0o644) == 0)
    try FileManager.default.createDirectory(
      at: dir.appendingPathComponent(".debug"), withIntermediateDirectories: true)
    #expect(mkfifo(dir.appendingPathComponent(".debug/s.ko.debug").path, 0o644) == 0)
    for args in [
      ["layout", stripped], ["inspect", stripped], ["layout", stripped, "--debug-dir", dir.path],
    ] {
      Self.expectOneLineError(
        try CLI.run(args, limits: (20, 2048)), args.joined(separator: " "), contains: "no DWARF")
    }
    let scan = try CLI.run(["scan", dir.path, "--format", "json"], limits: (20, 2048))
    #expect(scan.status == 0 && !scan.timedOut, "\(scan.stderr)")
  }

  /// The debug file found through --debug-dir is named in every format.
  @Test func theDebugFileUsedIsNamed() throws {
    let dir = try Self.scratch()
    defer { try? FileManager.default.removeItem(at: dir) }
    try FileManager.default.copyItem(
      atPath: Self.sample, toPath: dir.appendingPathComponent("livepatch-sample.stripped.ko").path)
    let stripped = Fixtures.path("special/livepatch-sample.stripped.ko")
    let text = try CLI.run(["inspect", stripped, "--debug-dir", dir.path])
    #expect(text.status == 0, "\(text.stderr)")
    #expect(text.stdout.contains("DWARF from \(dir.path)/livepatch-sample.stripped.ko"))
    let json = try CLI.run([
      "layout", stripped, "--debug-dir", dir.path, "-t", "klp_func", "--format", "json",
    ])
    #expect(json.stdout.contains("\"debugFile\" : \"\(dir.path)/livepatch-sample.stripped.ko\""))
  }

  /// Bombs made at test time (zeros compress a thousandfold) are refused under a low
  /// cap, quickly and within bounded memory, in every wrapper.
  @Test(arguments: ["xz", "gzip", "bzip2", "zstd"])
  func decompressionBombsStopAtTheCap(tool: String) throws {
    let dir = try Self.scratch()
    defer { try? FileManager.default.removeItem(at: dir) }
    let bomb = dir.appendingPathComponent("bomb.ko").path
    let made = try Self.sh("head -c 64M /dev/zero | \(tool) -1 -c > '\(bomb)'")
    #expect(made.status == 0, "\(made.output)")
    let r = try CLI.run(["layout", bomb, "--max-decompressed", "8M"], limits: (30, 600))
    Self.expectOneLineError(
      r, tool, contains: "larger than the cap of 8 MiB (raise it with --max-decompressed)")
    // Under the cap it decompresses and then says what the bytes are.
    let ok = try CLI.run(["layout", bomb, "--max-decompressed", "128M"], limits: (30, 1024))
    Self.expectOneLineError(ok, tool + " under the cap", contains: "not an ELF file")
  }

  @Test func corruptAndTruncatedStreamsSaySo() throws {
    let dir = try Self.scratch()
    defer { try? FileManager.default.removeItem(at: dir) }
    let xz = dir.appendingPathComponent("cut.ko.xz").path
    #expect(try Self.sh("xz -c '\(Self.sample)' | head -c 20000 > '\(xz)'").status == 0)
    Self.expectOneLineError(
      try CLI.run(["layout", xz]), "truncated xz", contains: "truncated xz stream")
    let gz = dir.appendingPathComponent("bad.ko.gz").path
    #expect(
      try Self.sh(
        "gzip -c '\(Self.sample)' > '\(gz)' && printf 'garbage!' | dd of='\(gz)' bs=1 seek=100 conv=notrunc 2>/dev/null"
      ).status == 0)
    Self.expectOneLineError(
      try CLI.run(["layout", gz]), "corrupt gzip", contains: "corrupt gzip stream")
  }

  @Test func aBadElfIdentSaysWhichByte() throws {
    let dir = try Self.scratch()
    defer { try? FileManager.default.removeItem(at: dir) }
    var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.sample)))
    bytes[4] = 7
    let bad = dir.appendingPathComponent("class.ko")
    try Data(bytes).write(to: bad)
    Self.expectOneLineError(
      try CLI.run(["layout", bad.path]), "EI_CLASS", contains: "EI_CLASS (byte 4) is 0x7")
    let cut = dir.appendingPathComponent("cut.ko")
    try Data(try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.sample))).prefix(60_000)).write(
      to: cut)
    Self.expectOneLineError(
      try CLI.run(["layout", cut.path]), "truncated",
      contains: "truncated: the section header table ends at byte")
  }

  // MARK: usage

  static let usageErrors: [[String]] = [
    ["inpsect"], ["layout"], ["layout", sample, "--bogus"], ["layout", sample, "--format", "yaml"],
    ["layout", sample, "--cacheline-size", "0"], ["scan", ".", "--jobs", "-3"],
    ["scan", ".", "--jobs", "0"], ["safety", ".", ".", "--jobs", "1025"],
    ["whatif", sample, "--nops", "-1"], ["layout", sample, "--max-decompressed", "lots"],
    ["check", sample],
    ["baseline", sample, "-o", "/tmp/x.json", "--budget", "klp_func"], [],
  ]

  @Test(arguments: usageErrors)
  func everyUsageErrorExitsTwo(args: [String]) throws {
    let r = try CLI.run(args)
    #expect(r.status == 2, "\(args): \(r.status) \(r.stderr)")
    if !args.isEmpty {
      let lines = r.stderr.split(separator: "\n")
      #expect(
        lines.count <= 2 && lines.first?.hasPrefix("klp-layout: ") == true, "\(args): \(r.stderr)")
    } else {
      #expect(r.stderr.contains("USAGE"), "no arguments print the help on stderr")
    }
  }

  @Test func misspellingsGetASuggestion() throws {
    #expect(try CLI.run(["inpsect"]).stderr.contains("did you mean 'inspect'?"))
    #expect(
      try CLI.run(["layout", Self.sample, "-t", "klp_fnc"]).stderr.contains(
        "did you mean 'klp_func'?"))
    #expect(
      try CLI.run(["layout", Self.sample, "--format", "jsn"]).stderr.contains(
        "did you mean 'json'?"))
    #expect(
      try CLI.run(["layout", Self.sample, "--hexx"]).stderr.contains("Did you mean '--hex'?"))
    let remove = try CLI.run(["whatif", Self.sample, "--remove", "klp_func.nod"])
    #expect(
      remove.status == 2 && remove.stderr.contains("did you mean 'node'?"), "\(remove.stderr)")
    #expect(
      try CLI.run(["whatif", Self.sample, "--add", "klp_func:struct list_hed:x"]).stderr.contains(
        "did you mean 'list_head'?"))
    // pahole's reorganizer is audit here: its options say so.
    for option in ["-R", "--reorganize"] {
      let r = try CLI.run(["layout", Self.sample, option])
      #expect(r.status == 2 && r.stderr.contains("klp-layout audit FILE --full-reorder"))
    }
  }

  @Test func helpNamesTheExitCodes() throws {
    let r = try CLI.run(["--help"])
    #expect(r.status == 0 && r.stdout.contains("Exit codes: 0 success; 1 a gate failed"))
  }

  /// `--jobs` says its default once, in words that hold on every machine (the parser
  /// added this one's core count after "all cores").
  @Test func jobsHelpSaysItsDefaultOnce() throws {
    for subcommand in ["scan", "safety"] {
      let help = try CLI.run([subcommand, "--help"]).stdout.split(whereSeparator: \.isWhitespace)
        .joined(separator: " ")
      #expect(help.contains("(default: KLP_LAYOUT_JOBS, else all cores)"), "\(subcommand)")
      #expect(!help.contains("all cores). (default:"), "\(subcommand): \(help)")
    }
  }
}
