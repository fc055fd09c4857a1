import Foundation
import System

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
/// directory) is refused and left alone; a symlink to a regular file is written through,
/// as a shell's `>` would, and one that leads nowhere is refused rather than made to
/// create a file wherever it points; the temporary file never outlives the call, on
/// failure or on a signal.
public enum OutputFile {
  public static func write(_ text: String, to path: String) throws(OutputError) {
    let target = try resolveTarget(FilePath(path), given: path)
    let template = target.removingLastComponent.appending(
      FilePath(bytes: Array(".".utf8) + target.lastComponent.bytes + Array(".XXXXXX".utf8)))
    var name = template.bytes.map { CChar(bitPattern: $0) } + [0]
    let fd = name.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard fd >= 0 else {
      throw OutputError(
        path: path, reason: "cannot create a file in its directory: \(Errno.current)")
    }
    let temporary = FilePath(bytes: name.dropLast().map { UInt8(bitPattern: $0) })
    let file = FileDescriptor(rawValue: fd)
    TemporaryFiles.register(temporary)
    defer { TemporaryFiles.unregister() }
    do throws(Errno) {
      try file.writeAll(Array(text.utf8))
      try keepMode(of: target, on: file)
      _ = try retryingInterrupts { fsync(fd) }
      file.close()
      _ = try temporary.withCString { (from) throws(Errno) in
        try target.withCString { (to) throws(Errno) in try retryingInterrupts { rename(from, to) } }
      }
    } catch {
      file.close()
      temporary.withCString { _ = unlink($0) }
      throw OutputError(path: path, reason: error.description)
    }
  }

  /// The file that will be replaced: the path itself, or the regular file its symlinks
  /// lead to. Refuses an existing target that is not a regular file, and a symlink that
  /// leads to nothing.
  static func resolveTarget(_ path: FilePath, given: String) throws(OutputError) -> FilePath {
    var current = path
    for hop in 0..<40 {  // as the kernel's ELOOP limit
      let status: FileStatus
      do { status = try FileStatus.ofLink(current) } catch {
        if error == .noSuchFile && hop == 0 { return current }
        if error == .noSuchFile {
          throw OutputError(
            path: given,
            reason:
              "it is a symbolic link to \(current), which does not exist; refusing to create it")
        }
        throw OutputError(path: given, reason: error.description)
      }
      switch status.kind {
      case .regular: return current
      case .symbolicLink:
        let next: FilePath
        do { next = try current.symbolicLinkDestination() } catch {
          throw OutputError(path: given, reason: "cannot read the symbolic link: \(error)")
        }
        current = next.isAbsolute ? next : current.removingLastComponent.appending(next)
      case .directory: throw OutputError(path: given, reason: "it is a directory")
      default:
        throw OutputError(
          path: given,
          reason:
            "it exists and is not a regular file (a device, FIFO or socket); refusing to replace it"
        )
      }
    }
    throw OutputError(path: given, reason: "too many levels of symbolic links")
  }

  /// An existing target keeps its permission bits (mkstemp creates 0600).
  private static func keepMode(of target: FilePath, on file: FileDescriptor) throws(Errno) {
    let mode: mode_t
    do { mode = mode_t(try FileStatus.of(target).permissions) } catch {
      guard error == .noSuchFile else { throw error }
      // A new file gets what the umask allows, as a shell's `>` would make it.
      let mask = umask(0)
      umask(mask)
      mode = 0o666 & ~mask
    }
    _ = try retryingInterrupts { fchmod(file.rawValue, mode) }
  }
}

/// The temporary file in flight, removed by the signal handlers (SIGINT, SIGTERM,
/// SIGHUP) before the process dies, so an interrupted run leaves nothing behind.
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

  static func register(_ path: FilePath) {
    _ = handlersInstalled
    lock.lock()
    defer { lock.unlock() }
    current = path.withCString { strdup($0) }
  }

  static func unregister() {
    lock.lock()
    defer { lock.unlock() }
    let old = current
    current = nil
    free(old)
  }
}
