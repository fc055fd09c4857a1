import Foundation

/// Why an output file could not be written; always names the path the user gave.
public struct OutputError: Error, Equatable, Sendable, CustomStringConvertible {
  public var path: String
  public var reason: String

  public var description: String { "\(path): cannot write: \(reason)" }
}

/// The one way klp-layout writes a file (`-o`): a temporary file created exclusively
/// (`mkstemp`, so nothing planted under a predictable name is ever followed) in the
/// target's directory, written, fsync'd, given the target's mode, and renamed over the
/// target. A target that exists and is not a regular file (a device, FIFO, socket,
/// directory) is refused and left alone; a symlink is written through, as a shell's
/// `>` would; the temporary file never outlives the call, on failure or on a signal.
public enum OutputFile {
  public static func write(_ text: String, to path: String) throws(OutputError) {
    let target = try resolveTarget(path)
    let directory = (target as NSString).deletingLastPathComponent
    let name = (target as NSString).lastPathComponent
    var template = Array(
      ((directory.isEmpty ? "." : directory) + "/." + name + ".XXXXXX").utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard fd >= 0 else {
      throw OutputError(path: path, reason: "cannot create a file in its directory: " + errnoText())
    }
    let temporary = String(
      decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    TemporaryFiles.register(temporary)
    defer { TemporaryFiles.unregister(temporary) }
    do throws(OutputError) {
      try writeAll(Array(text.utf8), to: fd, path: path)
      try keepMode(of: target, on: fd, path: path)
      guard fsync(fd) == 0 else { throw OutputError(path: path, reason: errnoText()) }
      close(fd)
      guard rename(temporary, target) == 0 else {
        throw OutputError(path: path, reason: errnoText())
      }
    } catch {
      close(fd)
      unlink(temporary)
      throw error
    }
  }

  /// The file that will be replaced: the path itself, or where its symlinks lead.
  /// Refuses an existing target that is not a regular file.
  static func resolveTarget(_ path: String) throws(OutputError) -> String {
    var current = path
    for _ in 0..<40 {  // as the kernel's ELOOP limit
      var st = stat()
      guard lstat(current, &st) == 0 else {
        if errno == ENOENT { return current }
        throw OutputError(path: path, reason: errnoText())
      }
      switch st.st_mode & S_IFMT {
      case S_IFREG: return current
      case S_IFLNK:
        guard let next = try? FileManager.default.destinationOfSymbolicLink(atPath: current) else {
          throw OutputError(path: path, reason: "cannot read the symbolic link")
        }
        current =
          next.hasPrefix("/")
          ? next
          : ((current as NSString).deletingLastPathComponent as NSString).appendingPathComponent(
            next)
      case S_IFDIR: throw OutputError(path: path, reason: "it is a directory")
      default:
        throw OutputError(
          path: path,
          reason:
            "it exists and is not a regular file (a device, FIFO or socket); refusing to replace it"
        )
      }
    }
    throw OutputError(path: path, reason: "too many levels of symbolic links")
  }

  /// An existing target keeps its permission bits (mkstemp creates 0600).
  private static func keepMode(of target: String, on fd: Int32, path: String) throws(OutputError) {
    var st = stat()
    let mode: mode_t
    if stat(target, &st) == 0 {
      mode = st.st_mode & 0o7777
    } else {
      let mask = umask(0)
      umask(mask)
      mode = 0o666 & ~mask
    }
    guard fchmod(fd, mode) == 0 else { throw OutputError(path: path, reason: errnoText()) }
  }

  static func writeAll(_ bytes: [UInt8], to fd: Int32, path: String) throws(OutputError) {
    var done = 0
    while done < bytes.count {
      let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, $0.count - done) }
      if n < 0 && errno == EINTR { continue }
      guard n > 0 else { throw OutputError(path: path, reason: errnoText()) }
      done += n
    }
  }
}

func errnoText() -> String { String(cString: strerror(errno)) }

/// Temporary files in flight, removed by the signal handlers (SIGINT, SIGTERM, SIGHUP)
/// before the process dies, so an interrupted run leaves nothing behind.
enum TemporaryFiles {
  nonisolated(unsafe) private static var current: UnsafeMutablePointer<CChar>?
  private static let lock = NSLock()
  private static let handlersInstalled: Bool = {
    for sig in [SIGINT, SIGTERM, SIGHUP] {
      signal(sig) { sig in
        if let path = TemporaryFiles.current { unlink(path) }
        signal(sig, SIG_DFL)
        raise(sig)
      }
    }
    return true
  }()

  static func register(_ path: String) {
    _ = handlersInstalled
    lock.lock()
    defer { lock.unlock() }
    current = strdup(path)
  }

  static func unregister(_ path: String) {
    lock.lock()
    defer { lock.unlock() }
    let old = current
    current = nil
    free(old)
  }
}
