import Foundation
internal import CElfutils

/// What a file was when it was opened: size, modification time and inode. A file
/// truncated or rewritten while mapped differs in at least one.
struct FileIdentity {
  private let size: off_t
  private let mtime: timespec
  private let inode: ino_t
  /// The path's bytes, NUL-terminated.
  private let path: [CChar]

  init?(_ fd: Int32, path: [CChar]) {
    var st = stat()
    guard fstat(fd, &st) == 0 else { return nil }
    size = st.st_size
    mtime = st.st_mtim
    inode = st.st_ino
    self.path = path
  }

  /// Whether the path still names the same, unchanged file.
  func stillMatches() -> Bool {
    var st = stat()
    guard path.withUnsafeBufferPointer({ stat($0.baseAddress!, &st) }) == 0 else { return false }
    return st.st_size == size && st.st_ino == inode && st.st_mtim.tv_sec == mtime.tv_sec
      && st.st_mtim.tv_nsec == mtime.tv_nsec
  }
}

/// Keeps a file that shrinks under libelf's mapping from killing the process with a
/// bare SIGBUS: the shim's handler maps zeros over the lost page, and the reader then
/// notices the change through `FileIdentity` and refuses the result with one line.
/// Installed once, before the first file is mapped.
enum FaultGuard {
  private static let installed: Bool = {
    celfutils_install_bus_guard()
    return true
  }()

  static func install() { _ = installed }
}
