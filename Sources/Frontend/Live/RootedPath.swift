import System

/// A path below `--root` resolved as if the root were `/` (as `chroot` would): a
/// symbolic link on the way is followed by its text, an absolute one from the root, and
/// `..` stops at the root. A copy of a machine's files keeps its links (`/lib` →
/// `usr/lib` on a merged-/usr system, or absolute ones), and none of them can lead out.
enum RootedPath {
  /// Links followed before giving up, as the kernel's `ELOOP` limit.
  static let linkLimit = 40

  /// `relative` (slash-separated) under `root`, every link resolved inside it; nil
  /// when a link cannot be read or there are too many.
  static func resolve(_ relative: String, under root: String) -> String? {
    var done: [[UInt8]] = []
    var pending = components(Array(relative.utf8))
    var links = 0
    while !pending.isEmpty {
      let part = pending.removeFirst()
      if part == Array("..".utf8) {
        _ = done.popLast()
        continue
      }
      let path = join(root, done + [part])
      guard (try? FileStatus.ofLink(path).kind) == .symbolicLink else {
        done.append(part)
        continue
      }
      links += 1
      guard links <= linkLimit, let target = try? path.symbolicLinkDestination() else {
        return nil
      }
      if target.isAbsolute { done = [] }
      pending = components(target.bytes) + pending
    }
    return join(root, done).lossyString
  }

  static func components(_ bytes: [UInt8]) -> [[UInt8]] {
    bytes.split(separator: UInt8(ascii: "/")).map(Array.init).filter { $0 != Array(".".utf8) }
  }

  static func join(_ root: String, _ parts: [[UInt8]]) -> FilePath {
    parts.reduce(FilePath(root)) { $0.appending(FilePath(bytes: $1)) }
  }
}
