import Foundation

/// What this machine lets a test do, for `.enabled(if:)`: a test that cannot run here
/// says so in the test report, never passes by returning early.
public enum Host {
  public static let isRoot = getuid() == 0

  /// Whether `path` is an executable program here.
  public static func has(_ path: String) -> Bool {
    FileManager.default.isExecutableFile(atPath: path)
  }

  /// Headless Chromium, for the browser checks of the HTML pages.
  public static var hasBrowser: Bool { HeadlessBrowser.executable != nil }

  /// Whether a tmpfs can be mounted (root, and a kernel and container that allow it):
  /// tried once, on a scratch directory.
  public static let canMountTmpfs: Bool = {
    guard isRoot else { return false }
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "klp-mount-probe-\(getpid())")
    guard
      (try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true))
        != nil
    else { return false }
    defer { try? FileManager.default.removeItem(at: dir) }
    let mounted =
      (try? Subprocess("/bin/mount", ["-t", "tmpfs", "-o", "size=4k", "tmpfs", dir.path]).run())?
      .status == 0
    if mounted { _ = try? Subprocess("/bin/umount", [dir.path]).run() }
    return mounted
  }()

  /// Whether strace can follow a program here (installed, and ptrace allowed: some
  /// containers forbid it): tried once, on `true`.
  public static let canTrace: Bool = {
    guard has("/usr/bin/strace") else { return false }
    return (try? Subprocess("/usr/bin/strace", ["-f", "-o", "/dev/null", "/bin/true"]).run())?
      .status == 0
  }()
}
