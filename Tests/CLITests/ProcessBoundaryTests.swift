import Foundation
import TestSupport
import Testing

/// Issue #30, at the boundary with the process's surroundings: arguments are main's own
/// bytes (not `/proc/self/cmdline`, not lossy text), no thread is needed to finish, and a
/// file that is not ELF is named by its format, never by its bytes.
struct ProcessBoundaryTests {
  static let sample = Fixtures.path("modules/6.1/dwarf5/livepatch-sample.ko")

  /// Runs `script` under /bin/sh with `$0` the built binary (arguments with bytes that
  /// are not UTF-8 are spelled with printf inside the script).
  static func shell(_ script: String, limits: (Int, Int)? = (60, 2048)) throws -> ProcessResult {
    var process = Subprocess("/bin/sh", ["-c", script, CLI.executable.path])
    process.limits = limits.map { ($0.0, $0.1) }
    process.environment = ["LANG": "C.UTF-8", "LC_ALL": ""]
    return try process.run()
  }

  /// `layout $'odd-\xff.ko'` opens that file (it opened "odd-\u{FFFD}.ko" and failed);
  /// a missing one is named with the byte escaped; JSON keeps the bytes in `pathBytes`;
  /// two names that differ only in such a byte stay two files.
  @Test func pathsAreBytes() throws {
    let dir = try Scratch.directory("klp-bytes")
    defer { try? FileManager.default.removeItem(at: dir) }
    let setup = try Self.shell(
      """
      cd '\(dir.path)' && cp '\(Self.sample)' "$(printf 'odd-\\377.ko')" \
        && printf 'text' > "$(printf 'odd-\\376.ko')"
      """)
    #expect(setup.status == 0, "\(setup.errors)")
    let run = { (args: String) throws -> ProcessResult in
      try Self.shell("cd '\(dir.path)' && exec \"$0\" \(args)")
    }
    let layout = try run("layout -t klp_func \"$(printf 'odd-\\377.ko')\"")
    #expect(layout.status == 0, "\(layout.errors)")
    #expect(layout.output.contains("struct klp_func {"))
    let json = try run("layout --format json -t klp_func \"$(printf 'odd-\\377.ko')\"")
    let object = try #require(
      try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any])
    #expect(object["pathBytes"] as? String == "6f64642dff2e6b6f")
    #expect(object["file"] as? String == "odd-\u{FFFD}.ko")
    // Every report's headline shows the byte as messages do, in every format.
    for args in [
      "layout --format markdown -t klp_func", "layout --format html -t klp_func",
      "layout --format svg -t klp_func", "inspect", "inspect --format markdown", "audit",
      "audit --format html", "whatif", "whatif --format markdown",
    ] {
      let shown = try run("\(args) \"$(printf 'odd-\\377.ko')\"")
      #expect(shown.status == 0, "\(args): \(shown.errors)")
      #expect(shown.output.contains("odd-\\xff.ko"), "\(args)")
      #expect(!shown.output.contains("\u{FFFD}"), "\(args): no replacement character")
    }
    let typed = try run("layout -t \"$(printf 'klp_fun\\033[31m')\" \"$(printf 'odd-\\377.ko')\"")
    #expect(typed.status == 2 && typed.errors.contains("klp_fun\\x1b[31m"), "\(typed.errors)")
    #expect(!typed.errors.contains("\u{1B}"), "no ESC from the command line reaches the terminal")
    let other = try run("layout \"$(printf 'odd-\\376.ko')\"")
    #expect(other.status == 2)
    #expect(other.errors.contains("odd-\\xfe.ko: not an ELF file"), "\(other.errors)")
    let missing = try run("layout \"$(printf 'gone-\\377\\033.ko')\"")
    #expect(missing.status == 2)
    #expect(
      missing.errors == "klp-layout: gone-\\xff\\x1b.ko: cannot read: No such file or directory\n",
      "\(missing.errors)")
  }

  /// A symlink to a secret is not ELF: the message says so and what it found, never its
  /// first bytes ("found 72 6f 6f 74" leaked "root" from /etc/shadow).
  @Test func notElfNamesTheFormatNeverTheBytes() throws {
    let dir = try Scratch.directory("klp-not-elf")
    defer { try? FileManager.default.removeItem(at: dir) }
    try Data("root:$6$secret:19000:0:99999:7:::\n".utf8).write(
      to: dir.appendingPathComponent("shadow"))
    try FileManager.default.createSymbolicLink(
      atPath: dir.appendingPathComponent("s.ko").path, withDestinationPath: "shadow")
    try Data().write(to: dir.appendingPathComponent("empty.ko"))
    let gz = try Subprocess("/bin/sh", ["-c", "gzip -c '\(dir.path)/shadow' | gzip -c"]).succeed()
    try gz.stdout.write(to: dir.appendingPathComponent("twice.ko.gz"))
    let cases = [
      ("s.ko", "found another format"), ("empty.ko", "found an empty file"),
      ("twice.ko.gz", "found a gzip stream"),
    ]
    for (name, found) in cases {
      let result = try CLI.run(["layout", dir.appendingPathComponent(name).path])
      #expect(result.status == 2)
      #expect(result.stderr.contains("not an ELF file (expected \\x7fELF magic, \(found))"))
      #expect(!result.stderr.contains("72 6f") && !result.stderr.contains("root"))
    }
    let scan = try CLI.run(["scan", dir.path, "--format", "json"])
    #expect(!scan.stdout.contains("72 6f 6f 74") && !scan.stdout.contains("root:"))
  }

  /// With no thread to be had (`ulimit -u 1` for another user: root is not bound by it),
  /// every command still finishes on the calling thread, asked for four threads; nothing
  /// else (Foundation, Dispatch) waits for one. `KLP_LAYOUT_JOBS` out of range is
  /// refused, not tried.
  @Test(
    .enabled(
      if: Host.isRoot && Host.has("/usr/bin/setpriv") && Host.has("/bin/bash"),
      "needs root, setpriv and bash to run as another user under ulimit -u"))
  func noThreadLeftIsNoHang() throws {
    let dir = try Scratch.directory("klp-nproc")
    defer { try? FileManager.default.removeItem(at: dir) }
    _ = chmod(dir.path, 0o755)
    let module = dir.appendingPathComponent("m.ko").path
    try FileManager.default.copyItem(atPath: Self.sample, toPath: module)
    _ = chmod(module, 0o644)
    for command in [
      "layout \(module)", "audit \(module)", "inspect \(module)", "whatif \(module) --nops 4",
      "diff \(module) \(module)", "scan \(dir.path) --jobs 3 --audit",
      "layout --format html \(module)",
    ] {
      // bash: dash's ulimit has no -u.
      let result = try Self.shell(
        "exec /bin/bash -c 'ulimit -u 1 && KLP_LAYOUT_JOBS=4 exec setpriv --reuid=65534 --regid=65534 "
          + "--clear-groups \"$0\" \(command) > /dev/null' \"$0\"")
      #expect(result.status == 0, "\(command): exit \(result.status): \(result.errors)")
      #expect(!result.timedOut, "\(command): hung")
    }
    let refused = try CLI.run(
      ["layout", Self.sample], limits: (20, 2048), environment: ["KLP_LAYOUT_JOBS": "1000000000"])
    #expect(refused.status == 2 && refused.stderr.contains("KLP_LAYOUT_JOBS='1000000000'"))
  }

  /// With one thread asked for (`KLP_LAYOUT_JOBS=1`: a CI runner's share of the cores),
  /// no command starts any: not the workers, not the start's search for a worker's heap
  /// (`HugePageHeaps`), which started one until 2026-12-08. strace counts the clones.
  @Test(.enabled(if: Host.canTrace, "needs strace, and ptrace allowed"))
  func oneThreadAskedForStartsNone() throws {
    let btf = Fixtures.path("btf/split/base-6.1.btf")
    for command in [
      "layout \(Self.sample)", "inspect \(Self.sample)", "layout \(btf)",
      "scan \(Fixtures.path("modules/6.1"))", "safety \(Self.sample) \(Self.sample)",
    ] {
      let result = try Self.shell(
        "KLP_LAYOUT_JOBS=1 exec strace -f -qq -e trace=clone,clone3 -o /dev/stderr \"$0\" \(command) > /dev/null"
      )
      #expect(result.status == 0 || result.status == 1, "\(command): \(result.errors)")
      #expect(!result.errors.contains("clone"), "\(command) started a thread: \(result.errors)")
    }
  }

  /// In a mount namespace whose /proc is an empty tmpfs (a chroot or container without
  /// /proc): every command saw no arguments and printed the top-level help. Split BTF,
  /// which libbpf reads from a file named /proc/self/fd/N, goes through a private file
  /// in /tmp, and says why when /tmp is read-only too.
  @Test(
    .enabled(
      if: Host.isRoot && Host.has("/usr/bin/unshare") && Host.canMountTmpfs,
      "needs root, unshare and tmpfs to hide /proc"))
  func withoutProcArgumentsStillArrive() throws {
    let hide = "mount -t tmpfs none /proc && test ! -e /proc/self"
    let layout = try Self.shell(
      "exec unshare -m sh -c '\(hide) && exec \"$0\" layout -t klp_func \"$1\"' \"$0\" "
        + "'\(Self.sample)'")
    #expect(layout.status == 0, "\(layout.errors)")
    #expect(layout.output.hasPrefix("struct klp_func {"), "\(layout.output.prefix(200))")
    let split = Fixtures.path("btf/split/livepatch-sample.split.btf")
    let base = Fixtures.path("btf/split/base-6.1.btf")
    let btf = try Self.shell(
      "exec unshare -m sh -c '\(hide) && exec \"$0\" layout -t klp_func \"$1\" --btf-base \"$2\"' "
        + "\"$0\" '\(split)' '\(base)'")
    #expect(btf.status == 0, "\(btf.errors)")
    #expect(btf.output.contains("struct klp_func {"))
    let readOnly = try Self.shell(
      // /tmp made read-only where it is (a bind mount of itself): a tmpfs over it would
      // hide the binary of a checkout under /tmp (CI clones into mktemp -d).
      "exec unshare -m sh -c '\(hide) && mount --bind /tmp /tmp && mount -o remount,bind,ro /tmp && "
        + "exec \"$0\" layout \"$1\" --btf-base \"$2\"' \"$0\" '\(split)' '\(base)'")
    #expect(readOnly.status == 2)
    #expect(readOnly.errors.contains("cannot read split BTF here"), "\(readOnly.errors)")
    #expect(readOnly.errors.filter { $0 == "\n" }.count == 1)
  }
}
