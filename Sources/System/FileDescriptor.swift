#if canImport(Glibc)
  import Glibc
#endif

/// An open file descriptor: the calls the project makes on one, each retried when
/// interrupted and failing with an `Errno`. A value, not an owner: whoever opened it
/// closes it (`InputFile` does so for inputs).
public struct FileDescriptor: Hashable, Sendable {
  public let rawValue: Int32

  public init(rawValue: Int32) { self.rawValue = rawValue }

  public static let standardOutput = FileDescriptor(rawValue: STDOUT_FILENO)
  public static let standardError = FileDescriptor(rawValue: STDERR_FILENO)

  /// `open(2)` with `O_CLOEXEC` added.
  public static func open(
    _ path: FilePath, _ flags: Int32, permissions: mode_t = 0
  ) throws(Errno) -> FileDescriptor {
    let fd = try path.withCString { (p) throws(Errno) in
      try retryingInterrupts { Glibc.open(p, flags | O_CLOEXEC, permissions) }
    }
    return FileDescriptor(rawValue: fd)
  }

  /// `close(2)`. Not retried: on Linux the descriptor is gone even when interrupted.
  public func close() { _ = Glibc.close(rawValue) }

  /// `fstat(2)`.
  public func status() throws(Errno) -> FileStatus {
    var st = stat()
    _ = try retryingInterrupts { fstat(rawValue, &st) }
    return FileStatus(st)
  }

  /// `dup(2)`, for a library that closes the descriptor it is given (libdwfl).
  public func duplicate() throws(Errno) -> FileDescriptor {
    FileDescriptor(rawValue: try retryingInterrupts { fcntl(rawValue, F_DUPFD_CLOEXEC, 0) })
  }

  /// Clears `O_NONBLOCK`: inputs are opened without blocking (a FIFO cannot hang the
  /// open) and read blocking once known to be regular files.
  public func setBlocking() throws(Errno) {
    let flags = try retryingInterrupts { fcntl(rawValue, F_GETFL) }
    _ = try retryingInterrupts { fcntl(rawValue, F_SETFL, flags & ~O_NONBLOCK) }
  }

  /// `pread(2)`: up to `buffer.count` bytes at `offset`; 0 at the end of the file.
  public func read(
    at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer
  ) throws(Errno) -> Int {
    guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
    return try retryingInterrupts { pread(rawValue, base, buffer.count, off_t(offset)) }
  }

  /// Exactly `count` bytes from `offset`; nil when the file ends before.
  public func read(exactly count: Int, at offset: UInt64) throws(Errno) -> [UInt8]? {
    // Read straight into the array's storage, not into zeros written first (a whole
    // kernel's BTF is 5 MB, read before anything else can start).
    var failure: Errno?
    var ended = false
    let bytes = [UInt8](unsafeUninitializedCapacity: max(count, 0)) { buffer, done in
      let raw = UnsafeMutableRawBufferPointer(buffer)
      while done < count {
        do throws(Errno) {
          let n = try read(
            at: offset + UInt64(done), into: UnsafeMutableRawBufferPointer(rebasing: raw[done...]))
          guard n > 0 else {
            ended = true
            return
          }
          done += n
        } catch {
          failure = error
          return
        }
      }
    }
    if let failure { throw failure }
    return ended ? nil : bytes
  }

  /// `read(2)` at the current position, for files that cannot seek (sysfs, /proc).
  public func read(into buffer: UnsafeMutableRawBufferPointer) throws(Errno) -> Int {
    guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
    return try retryingInterrupts { Glibc.read(rawValue, base, buffer.count) }
  }

  /// `write(2)` until every byte is written. A write that makes no progress is
  /// `EIO`: a descriptor that takes nothing would otherwise loop.
  public func writeAll(_ bytes: UnsafeRawBufferPointer) throws(Errno) {
    guard let base = bytes.baseAddress else { return }
    var done = 0
    while done < bytes.count {
      let n = try retryingInterrupts { Glibc.write(rawValue, base + done, bytes.count - done) }
      guard n > 0 else { throw Errno(rawValue: EIO) }
      done += n
    }
  }

  /// `writeAll` of an array.
  public func writeAll(_ bytes: [UInt8]) throws(Errno) {
    try bytes.withUnsafeBytes { raw in Result { () throws(Errno) in try writeAll(raw) } }.get()
  }

  /// Reads at most `limit` bytes from the current position to the end; nil when there
  /// are more (the file is over the limit). For files whose size `fstat` does not
  /// tell (sysfs, /proc), read in pages.
  public func readToEnd(limit: Int) throws(Errno) -> [UInt8]? {
    var bytes = [UInt8](repeating: 0, count: min(limit, 64 << 10) + 1)
    var done = 0
    while true {
      if done == bytes.count {
        guard done <= limit else { return nil }
        bytes += repeatElement(0, count: min(bytes.count, limit + 1 - done))
      }
      let n = try bytes.withUnsafeMutableBytes { raw in
        Result { () throws(Errno) in
          try read(into: UnsafeMutableRawBufferPointer(rebasing: raw[done...]))
        }
      }.get()
      if n == 0 { break }
      done += n
    }
    guard done <= limit else { return nil }
    bytes.removeLast(bytes.count - done)
    return bytes
  }
}
