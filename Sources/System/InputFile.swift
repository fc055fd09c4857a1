internal import CFileSystem

#if canImport(Glibc)
  import Glibc
#endif

/// A file opened as a command's input, the one way every reader opens one: read-only
/// and without blocking (a FIFO with no writer cannot hang the open), refused unless it
/// is a regular file (checked on the descriptor, so nothing can be swapped in between),
/// its format told by its first bytes, and what it was at open time kept, so that a file
/// truncated or rewritten while it is read is noticed (`verifyUnchanged`).
///
/// Owns its descriptor: libelf maps the file through it, so it lives as long as the
/// readers that hold this object.
public final class InputFile {
  public let path: FilePath
  public let descriptor: FileDescriptor
  /// The file when it was opened.
  public let status: FileStatus
  /// Its first bytes (up to 16), for the format and for messages about them.
  public let prefix: [UInt8]
  public let format: InputFormat

  private init(path: FilePath, descriptor: FileDescriptor, status: FileStatus, prefix: [UInt8]) {
    self.path = path
    self.descriptor = descriptor
    self.status = status
    self.prefix = prefix
    self.format = InputFormat(prefix: prefix)
  }

  deinit { descriptor.close() }

  /// Opens `path` as an input. `expected` names what the command wants there, for the
  /// message when the path is not a regular file.
  public static func open(
    _ path: FilePath, expecting expected: String = "an ELF file"
  ) throws(InputFileError) -> InputFile {
    let descriptor: FileDescriptor
    do { descriptor = try .open(path, O_RDONLY | O_NONBLOCK) } catch {
      throw .unreadable(path: path, reason: error)
    }
    do throws(InputFileError) {
      let status = try wrap(path) { () throws(Errno) in try descriptor.status() }
      guard status.kind == .regular else {
        throw InputFileError.notRegularFile(path: path, found: status.kind, expected: expected)
      }
      // Back to blocking reads for the libraries that read it.
      try wrap(path) { () throws(Errno) in try descriptor.setBlocking() }
      var prefix = [UInt8](repeating: 0, count: 16)
      let count = try wrap(path) { () throws(Errno) in
        try prefix.withUnsafeMutableBytes { raw in
          Result { () throws(Errno) in try descriptor.read(at: 0, into: raw) }
        }.get()
      }
      prefix.removeLast(prefix.count - count)
      return InputFile(path: path, descriptor: descriptor, status: status, prefix: prefix)
    } catch {
      descriptor.close()
      throw error
    }
  }

  /// Throws when the file is no longer what was opened (truncated, grown or rewritten
  /// in place): whatever was read from it since cannot be trusted.
  public func verifyUnchanged() throws(InputFileError) {
    let now = try Self.wrap(path) { () throws(Errno) in try descriptor.status() }
    guard now.isUnchanged(comparedTo: status) else { throw .changedWhileReading(path: path) }
  }

  /// The whole file, refused above `limit` bytes.
  public func readAll(limit: UInt64) throws(InputFileError) -> [UInt8] {
    guard status.size <= limit else {
      throw .tooLarge(path: path, size: status.size, limit: limit)
    }
    if let bytes = copiedFromSysfsMapping() { return bytes }
    let bytes = try Self.wrap(path) { () throws(Errno) in
      try descriptor.read(exactly: Int(status.size), at: 0)
    }
    guard let bytes else { throw .shrank(path: path) }
    return bytes
  }

  /// A file of sysfs whole, copied from a mapping of it, when the kernel lets it be
  /// mapped; nil otherwise (then it is read). sysfs hands a binary file out 4 KB per
  /// read: the running kernel's BTF (`/sys/kernel/btf/vmlinux`, 5.5 MB) took 1,333 reads,
  /// 4 ms before anything else could start, where Linux 6.16 and later let it be mapped
  /// (`btf_sysfs_vmlinux_mmap()` in kernel/bpf/sysfs_btf.c). Only sysfs: its files keep
  /// their size under a mapping, where a regular file cut short while it is copied would
  /// fault (SIGBUS) instead of reading short.
  private func copiedFromSysfsMapping() -> [UInt8]? {
    let size = Int(status.size)
    guard size > 0, klp_fd_is_sysfs(descriptor.rawValue) == 1 else { return nil }
    let mapping = mmap(nil, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, descriptor.rawValue, 0)
    guard let mapping, mapping != MAP_FAILED else { return nil }
    defer { munmap(mapping, size) }
    return [UInt8](UnsafeRawBufferPointer(start: mapping, count: size))
  }

  /// Whether `other` holds the same bytes: sizes first, then the bytes in slices (never
  /// all in memory).
  public func sameContents(as other: InputFile) throws(InputFileError) -> Bool {
    guard status.size == other.status.size else { return false }
    let slice = 1 << 20
    var mine = [UInt8](repeating: 0, count: slice)
    var theirs = [UInt8](repeating: 0, count: slice)
    var offset: UInt64 = 0
    while offset < status.size {
      let n = try read(at: offset, into: &mine)
      let m = try other.read(at: offset, into: &theirs)
      guard n > 0, n == m, mine[..<n] == theirs[..<n] else { return false }
      offset += UInt64(n)
    }
    return true
  }

  private func read(at offset: UInt64, into buffer: inout [UInt8]) throws(InputFileError) -> Int {
    try Self.wrap(path) { () throws(Errno) in
      try buffer.withUnsafeMutableBytes { raw in
        Result { () throws(Errno) in try descriptor.read(at: offset, into: raw) }
      }.get()
    }
  }

  private static func wrap<T>(
    _ path: FilePath, _ body: () throws(Errno) -> T
  ) throws(InputFileError) -> T {
    do { return try body() } catch { throw .unreadable(path: path, reason: error) }
  }
}

@available(*, unavailable)
extension InputFile: Sendable {}
