#if canImport(Glibc)
  import Glibc
#endif
import Synchronization

/// Why `AtomicFile.replace` failed: the temporary file could not be made in the target's
/// directory, or it could not be written, moded, synced or renamed.
public enum AtomicFileError: Error, Equatable, Sendable, CustomStringConvertible {
  case cannotCreate(Errno)
  case cannotWrite(Errno)

  public var description: String {
    switch self {
    case .cannotCreate(let errno): return "cannot create a file in its directory: \(errno)"
    case .cannotWrite(let errno): return errno.description
    }
  }
}

/// The one way klp-layout writes a file, for `-o` and for its type-index cache alike: a
/// temporary file created exclusively (`mkstemp`, so nothing planted under a predictable
/// name is ever followed) beside the target, written, given its mode, optionally
/// `fsync`ed, and renamed over the target, so a reader sees the old file or the whole
/// new one, never a part. The temporary file never outlives the call, on failure or on
/// SIGINT, SIGTERM or SIGHUP (`TemporaryFiles`).
///
/// `target` is replaced as a name: a symbolic link there is replaced, not followed
/// (callers that write through links resolve them first, as `-o` does).
public enum AtomicFile {
  /// Replaces `target` with `bytes`. `permissions` nil keeps mkstemp's 0600; `durable`
  /// syncs the data before the rename (an output file; a cache can do without).
  public static func replace(
    _ target: FilePath, with bytes: UnsafeRawBufferPointer, permissions: mode_t? = nil,
    durable: Bool = true
  ) throws(AtomicFileError) {
    let (file, temporary) = try createTemporary(beside: target)
    TemporaryFiles.register(temporary)
    defer { TemporaryFiles.unregister() }
    do throws(Errno) {
      try file.writeAll(bytes)
      if let permissions { _ = try retryingInterrupts { fchmod(file.rawValue, permissions) } }
      if durable { _ = try retryingInterrupts { fsync(file.rawValue) } }
      file.close()
      _ = try temporary.withCString { (from) throws(Errno) in
        try target.withCString { (to) throws(Errno) in try retryingInterrupts { rename(from, to) } }
      }
    } catch {
      file.close()
      temporary.withCString { _ = unlink($0) }
      throw .cannotWrite(error)
    }
  }

  /// `replace` of an array of bytes.
  public static func replace(
    _ target: FilePath, with bytes: [UInt8], permissions: mode_t? = nil, durable: Bool = true
  ) throws(AtomicFileError) {
    try bytes.withUnsafeBytes { raw in
      Result { () throws(AtomicFileError) in
        try replace(target, with: raw, permissions: permissions, durable: durable)
      }
    }.get()
  }

  /// `.NAME.XXXXXX` in the target's directory, made by `mkstemp`.
  private static func createTemporary(
    beside target: FilePath
  ) throws(AtomicFileError) -> (FileDescriptor, FilePath) {
    let template = target.removingLastComponent.appending(
      FilePath(bytes: Array(".".utf8) + target.lastComponent.bytes + Array(".XXXXXX".utf8)))
    var name = template.bytes.map { CChar(bitPattern: $0) } + [0]
    let fd = name.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard fd >= 0 else { throw .cannotCreate(.current) }
    return (
      FileDescriptor(rawValue: fd), FilePath(bytes: name.dropLast().map { UInt8(bitPattern: $0) })
    )
  }
}

/// The temporary file in flight, removed by the signal handlers (SIGINT, SIGTERM,
/// SIGHUP) before the process dies, so an interrupted run leaves nothing behind. One
/// slot: a command writes one file at a time.
enum TemporaryFiles {
  nonisolated(unsafe) private static var current: UnsafeMutablePointer<CChar>?
  private static let lock = Mutex(())
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
    lock.withLock { _ in current = path.withCString { strdup($0) } }
  }

  static func unregister() {
    lock.withLock { _ in
      let old = current
      current = nil
      free(old)
    }
  }
}
