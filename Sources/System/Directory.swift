#if canImport(Glibc)
  import Glibc
#endif

/// One entry of a directory, as `readdir` gives it: the name's bytes and what the
/// directory says it is (`DT_*`; `.unknown` on file systems that do not say).
public struct DirectoryEntry: Hashable, Sendable {
  public var name: [UInt8]
  public var kind: FileStatus.Kind
}

/// Listing a directory without following anything: the entries `readdir` returns,
/// `.` and `..` left out, names as bytes.
public enum Directory {
  public static func entries(of path: FilePath) throws(Errno) -> [DirectoryEntry] {
    let stream = path.withCString { opendir($0) }
    guard let stream else { throw Errno.current }
    defer { closedir(stream) }
    return try entries(of: stream)
  }

  /// The entries of an open directory stream, from where it stands to its end.
  static func entries(of stream: OpaquePointer) throws(Errno) -> [DirectoryEntry] {
    var result: [DirectoryEntry] = []
    while true {
      // readdir returns NULL at the end and on an error; only errno tells them apart.
      errno = 0
      guard let entry = readdir(stream) else {
        if errno != 0 { throw Errno.current }
        return result
      }
      let name = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
      if name == [0x2E] || name == [0x2E, 0x2E] { continue }
      result.append(DirectoryEntry(name: name, kind: kind(entry.pointee.d_type)))
    }
  }

  private static func kind(_ type: UInt8) -> FileStatus.Kind {
    switch Int32(type) {
    case Int32(DT_REG): return .regular
    case Int32(DT_DIR): return .directory
    case Int32(DT_LNK): return .symbolicLink
    case Int32(DT_FIFO): return .fifo
    case Int32(DT_CHR): return .characterDevice
    case Int32(DT_BLK): return .blockDevice
    case Int32(DT_SOCK): return .socket
    default: return .unknown
    }
  }
}

extension Directory {
  /// Makes the directory `path` (and its parent, when that is missing too) with
  /// `permissions`; true when it exists afterwards as a directory (made here or before).
  public static func make(_ path: FilePath, permissions: mode_t) -> Bool {
    if (try? FileStatus.of(path))?.kind == .directory { return true }
    let made = path.withCString { mkdir($0, permissions) } == 0
    if !made && errno == ENOENT {
      let parent = path.removingLastComponent
      guard parent != path, make(parent, permissions: permissions) else { return false }
      return path.withCString { mkdir($0, permissions) } == 0 || exists(path)
    }
    return made || exists(path)
  }

  /// Whether the process may create files in the directory `path`.
  public static func isWritable(_ path: FilePath) -> Bool {
    path.withCString { access($0, W_OK | X_OK) } == 0
  }

  private static func exists(_ path: FilePath) -> Bool {
    (try? FileStatus.of(path))?.kind == .directory
  }
}
