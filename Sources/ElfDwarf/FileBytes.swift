import Foundation

/// An owned, writable byte buffer whose address never moves: libelf and libdwfl keep
/// pointers into images made with `elf_memory`/`dwfl_report_offline_memory`, and libdwfl
/// relocates in place, so each consumer gets its own copy that outlives its handle.
final class StableBuffer {
  let pointer: UnsafeMutableRawBufferPointer

  init(copying bytes: UnsafeRawBufferPointer) {
    pointer = .allocate(byteCount: max(bytes.count, 1), alignment: 16)
    if let base = bytes.baseAddress, bytes.count > 0 {
      pointer.baseAddress!.copyMemory(from: base, byteCount: bytes.count)
    }
    count = bytes.count
  }
  deinit { pointer.deallocate() }

  /// The number of meaningful bytes (the allocation is at least one byte).
  let count: Int
}

@available(*, unavailable)
extension StableBuffer: Sendable {}

/// Opening a path the way a read-only analyser must: never blocking on a FIFO, refusing
/// directories and devices with a reason, never writing.
enum FileOpener {
  /// Opens `path` read-only and checks it is a regular file. Returns the descriptor.
  /// `raw` is the exact path bytes when `path` (for messages) cannot carry them: a
  /// file name that is not valid UTF-8.
  static func openRegularFile(_ path: String, raw: [CChar]? = nil) throws(ElfDwarfError) -> Int32 {
    // O_NONBLOCK: opening a FIFO with no writer would otherwise hang forever.
    let fd = (raw ?? path.utf8CString.map { $0 }).withUnsafeBufferPointer {
      open($0.baseAddress!, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
    }
    guard fd >= 0 else {
      throw .unreadable(file: path, reason: String(cString: strerror(errno)))
    }
    var st = stat()
    guard fstat(fd, &st) == 0 else {
      let reason = String(cString: strerror(errno))
      close(fd)
      throw .unreadable(file: path, reason: reason)
    }
    let kind = st.st_mode & S_IFMT
    guard kind == S_IFREG else {
      close(fd)
      let what: String
      switch kind {
      case S_IFDIR: what = "a directory"
      case S_IFIFO: what = "a FIFO"
      case S_IFCHR: what = "a character device"
      case S_IFBLK: what = "a block device"
      case S_IFSOCK: what = "a socket"
      default: what = "not a plain file"
      }
      throw .notRegularFile(file: path, what: what)
    }
    // Back to blocking reads for libelf.
    _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
    return fd
  }

  /// Reads up to `count` bytes from the start of `fd`.
  static func prefix(of fd: Int32, count: Int) -> [UInt8] {
    var bytes = [UInt8](repeating: 0, count: count)
    let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, 0) }
    return n > 0 ? Array(bytes[..<n]) : []
  }

  /// Reads the whole file, refusing anything above `limit` bytes.
  static func readAll(_ fd: Int32, path: String, limit: UInt64) throws(ElfDwarfError) -> [UInt8] {
    var st = stat()
    guard fstat(fd, &st) == 0 else {
      throw .unreadable(file: path, reason: String(cString: strerror(errno)))
    }
    let size = UInt64(max(st.st_size, 0))
    guard size <= limit else {
      throw .tooLarge(file: path, what: "the file", size: size, limit: limit)
    }
    var bytes = [UInt8](repeating: 0, count: Int(size))
    var done = 0
    while done < bytes.count {
      let n = bytes.withUnsafeMutableBytes {
        pread(fd, $0.baseAddress! + done, $0.count - done, off_t(done))
      }
      if n < 0 && errno == EINTR { continue }
      guard n > 0 else {
        throw .unreadable(
          file: path,
          reason: n == 0 ? "file shrank while reading" : String(cString: strerror(errno)))
      }
      done += n
    }
    return bytes
  }

  /// A short printable rendering of leading bytes, for "found …" in errors.
  static func describe(_ bytes: [UInt8]) -> String {
    if bytes.isEmpty { return "an empty file" }
    return bytes.prefix(4).map { String(format: "%02x", $0) }.joined(separator: " ")
  }
}

/// Reading a small regular file whole (a baseline), as inputs are opened: never
/// blocking on a FIFO, refusing directories and devices, bounded.
public enum RegularFile {
  public static func read(_ path: String, limit: UInt64) throws(ElfDwarfError) -> [UInt8] {
    let fd = try FileOpener.openRegularFile(path)
    defer { close(fd) }
    return try FileOpener.readAll(fd, path: path, limit: limit)
  }
}

extension RegularFile {
  /// Whether two regular files hold the same bytes: sizes first, then the bytes in
  /// slices (never all in memory). Opened as inputs are (non-blocking, regular only).
  public static func sameContents(_ a: String, _ b: String) throws(ElfDwarfError) -> Bool {
    let fa = try FileOpener.openRegularFile(a)
    defer { close(fa) }
    let fb = try FileOpener.openRegularFile(b)
    defer { close(fb) }
    var sa = stat()
    var sb = stat()
    guard fstat(fa, &sa) == 0, fstat(fb, &sb) == 0 else {
      throw .unreadable(file: a, reason: String(cString: strerror(errno)))
    }
    guard sa.st_size == sb.st_size else { return false }
    let slice = 1 << 20
    var bufferA = [UInt8](repeating: 0, count: slice)
    var bufferB = [UInt8](repeating: 0, count: slice)
    var offset: off_t = 0
    while offset < sa.st_size {
      let n = bufferA.withUnsafeMutableBytes { pread(fa, $0.baseAddress, slice, offset) }
      let m = bufferB.withUnsafeMutableBytes { pread(fb, $0.baseAddress, slice, offset) }
      guard n > 0, n == m else { return false }
      if bufferA[..<n] != bufferB[..<n] { return false }
      offset += off_t(n)
    }
    return true
  }
}
