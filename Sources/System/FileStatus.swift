#if canImport(Glibc)
  import Glibc
#endif

/// What `fstat`/`lstat` say of a file, as values.
public struct FileStatus: Equatable, Sendable {
  /// The kinds of file a path can name.
  public enum Kind: Sendable, Equatable {
    case regular, directory, fifo, characterDevice, blockDevice, socket, symbolicLink, unknown

    init(mode: mode_t) {
      switch mode & S_IFMT {
      case S_IFREG: self = .regular
      case S_IFDIR: self = .directory
      case S_IFIFO: self = .fifo
      case S_IFCHR: self = .characterDevice
      case S_IFBLK: self = .blockDevice
      case S_IFSOCK: self = .socket
      case S_IFLNK: self = .symbolicLink
      default: self = .unknown
      }
    }

    /// How a message names it: "a directory", "a FIFO".
    public var article: String {
      switch self {
      case .regular: return "a regular file"
      case .directory: return "a directory"
      case .fifo: return "a FIFO"
      case .characterDevice: return "a character device"
      case .blockDevice: return "a block device"
      case .socket: return "a socket"
      case .symbolicLink: return "a symbolic link"
      case .unknown: return "not a plain file"
      }
    }
  }

  public var kind: Kind
  public var size: UInt64
  /// Permission bits (`st_mode & 07777`).
  public var permissions: UInt32
  public var device: UInt64
  public var inode: UInt64
  public var modificationSeconds: Int
  public var modificationNanoseconds: Int

  init(_ st: stat) {
    kind = Kind(mode: st.st_mode)
    size = UInt64(max(st.st_size, 0))
    permissions = UInt32(st.st_mode & 0o7777)
    device = UInt64(st.st_dev)
    inode = UInt64(st.st_ino)
    modificationSeconds = Int(st.st_mtim.tv_sec)
    modificationNanoseconds = Int(st.st_mtim.tv_nsec)
  }

  /// Whether `other` is the same file with the same size and modification time: what
  /// a file truncated or rewritten in place no longer is.
  public func isUnchanged(comparedTo other: FileStatus) -> Bool {
    size == other.size && inode == other.inode && device == other.device
      && modificationSeconds == other.modificationSeconds
      && modificationNanoseconds == other.modificationNanoseconds
  }

  /// `lstat(path)`: the path itself, a symbolic link not followed.
  public static func ofLink(_ path: FilePath) throws(Errno) -> FileStatus {
    var st = stat()
    _ = try path.withCString { (p) throws(Errno) in try retryingInterrupts { lstat(p, &st) } }
    return FileStatus(st)
  }

  /// `stat(path)`: where the path leads, symbolic links followed.
  public static func of(_ path: FilePath) throws(Errno) -> FileStatus {
    var st = stat()
    _ = try path.withCString { (p) throws(Errno) in try retryingInterrupts { stat(p, &st) } }
    return FileStatus(st)
  }
}

extension FilePath {
  /// Where the symbolic link at this path points (`readlink`), as written in the link.
  public func symbolicLinkDestination() throws(Errno) -> FilePath {
    var buffer = [UInt8](repeating: 0, count: Int(PATH_MAX) + 1)
    let count = try withCString { (p) throws(Errno) in
      try buffer.withUnsafeMutableBytes { raw in
        Result { () throws(Errno) in
          try retryingInterrupts {
            readlink(p, raw.baseAddress!.assumingMemoryBound(to: CChar.self), raw.count)
          }
        }
      }.get()
    }
    guard count < buffer.count else { throw Errno(rawValue: ENAMETOOLONG) }
    return FilePath(bytes: Array(buffer[..<count]))
  }
}

extension FilePath {
  /// The path with every symbolic link, `.` and `..` resolved (`realpath`): where it
  /// really is, to tell whether it lies inside a directory.
  public func resolved() throws(Errno) -> FilePath {
    let result = withCString { realpath($0, nil) }
    guard let result else { throw Errno.current }
    defer { free(result) }
    return FilePath(
      bytes: Array(UnsafeBufferPointer(start: result, count: strlen(result))).map {
        UInt8(bitPattern: $0)
      })
  }

  /// Whether this path is `directory` or lies below it (both resolved, compared as
  /// components: `/a/bc` is not below `/a/b`).
  public func isInside(_ directory: FilePath) -> Bool {
    guard bytes.starts(with: directory.bytes) else { return false }
    return bytes.count == directory.bytes.count || directory.bytes.last == UInt8(ascii: "/")
      || bytes[directory.bytes.count] == UInt8(ascii: "/")
  }
}
