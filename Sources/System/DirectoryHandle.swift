#if canImport(Glibc)
  import Glibc
#endif

/// A directory held open, and everything read below it relative to it (`openat`,
/// `fstatat`, `readlinkat` with `O_NOFOLLOW`/`AT_SYMLINK_NOFOLLOW`): the way to read a
/// tree someone else made (sysfs, a copy of one under `--root`) so that no symbolic
/// link inside it is followed, nothing swapped in between a look and an open is
/// trusted, and no FIFO or device can block the reader. Names are single components,
/// as bytes.
public final class DirectoryHandle {
  /// The path the directory was reached by, for messages.
  public let path: FilePath
  private let descriptor: FileDescriptor

  private init(path: FilePath, descriptor: FileDescriptor) {
    self.path = path
    self.descriptor = descriptor
  }

  deinit { descriptor.close() }

  /// Opens `path` as a directory. Symbolic links in `path` itself are followed: the
  /// user named it.
  public static func open(_ path: FilePath) throws(Errno) -> DirectoryHandle {
    let fd = try FileDescriptor.open(path, O_RDONLY | O_DIRECTORY | O_NONBLOCK)
    return DirectoryHandle(path: path, descriptor: fd)
  }

  /// The subdirectory `name`, never through a symbolic link (`ELOOP`, or `ENOTDIR`
  /// for anything that is not a directory).
  public func directory(_ name: [UInt8]) throws(Errno) -> DirectoryHandle {
    let fd = try at(name) { dir, p in
      openat(dir, p, O_RDONLY | O_DIRECTORY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC)
    }
    return DirectoryHandle(
      path: path.appending(FilePath(bytes: name)), descriptor: .init(rawValue: fd))
  }

  /// The entries, as `readdir` gives them (`.` and `..` left out).
  public func entries() throws(Errno) -> [DirectoryEntry] {
    // fdopendir takes the descriptor it is given: give it its own, from the start.
    let own = try descriptor.duplicate()
    guard let stream = fdopendir(own.rawValue) else {
      let error = Errno.current
      own.close()
      throw error
    }
    defer { closedir(stream) }
    rewinddir(stream)
    return try Directory.entries(of: stream)
  }

  /// What the entry `name` is, itself (a symbolic link is not followed).
  public func status(of name: [UInt8]) throws(Errno) -> FileStatus {
    var st = stat()
    _ = try at(name) { dir, p in fstatat(dir, p, &st, AT_SYMLINK_NOFOLLOW) }
    return FileStatus(st)
  }

  /// Where the symbolic link `name` points, as written in it.
  public func linkDestination(_ name: [UInt8]) throws(Errno) -> FilePath {
    var buffer = [UInt8](repeating: 0, count: Int(PATH_MAX) + 1)
    let count = try buffer.withUnsafeMutableBytes { raw in
      Result { () throws(Errno) in
        try at(name) { dir, p in
          readlinkat(dir, p, raw.baseAddress!.assumingMemoryBound(to: CChar.self), raw.count)
        }
      }
    }.get()
    guard count < buffer.count else { throw Errno(rawValue: ENAMETOOLONG) }
    return FilePath(bytes: Array(buffer[..<count]))
  }

  /// The whole of the regular file `name`, read from its start to its end (sysfs and
  /// /proc files say nothing true of their size), at most `limit` bytes. Opened without
  /// blocking and without following a link, and refused unless the descriptor is a
  /// regular file.
  public func readFile(_ name: [UInt8], limit: Int) throws(DirectoryReadError) -> [UInt8] {
    let fd: Int32
    do {
      fd = try at(name) { dir, p in
        openat(dir, p, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC)
      }
    } catch { throw .system(error) }
    let file = FileDescriptor(rawValue: fd)
    defer { file.close() }
    let status: FileStatus
    do { status = try file.status() } catch { throw .system(error) }
    guard status.kind == .regular else { throw .notRegularFile(status.kind) }
    let bytes: [UInt8]?
    do { bytes = try file.readToEnd(limit: limit) } catch { throw .system(error) }
    guard let bytes else { throw .tooLarge(limit: limit) }
    return bytes
  }

  /// Runs an `*at` call on `name` relative to this directory, retried when interrupted.
  private func at<I: FixedWidthInteger>(
    _ name: [UInt8], _ call: (Int32, UnsafePointer<CChar>) -> I
  ) throws(Errno) -> I {
    guard !name.isEmpty, !name.contains(0), !name.contains(UInt8(ascii: "/")) else {
      throw Errno(rawValue: EINVAL)
    }
    return try FilePath(bytes: name).withCString { (p) throws(Errno) in
      try retryingInterrupts { call(descriptor.rawValue, p) }
    }
  }
}

/// Why `DirectoryHandle.readFile` read nothing.
public enum DirectoryReadError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The call failed (`ENOENT`: no such entry; `ELOOP`: a symbolic link).
  case system(Errno)
  /// The entry is a directory, FIFO, device or socket.
  case notRegularFile(FileStatus.Kind)
  /// More than the limit.
  case tooLarge(limit: Int)

  public var description: String {
    switch self {
    case .system(let errno) where errno.rawValue == ELOOP:
      return "a symbolic link (not followed)"
    case .system(let errno): return errno.description
    case .notRegularFile(let kind): return "not a regular file (it is \(kind.article))"
    case .tooLarge(let limit): return "more than \(limit) bytes"
    }
  }
}

@available(*, unavailable)
extension DirectoryHandle: Sendable {}
