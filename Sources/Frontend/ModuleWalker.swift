import Foundation

/// Finds the module files under `scan`'s arguments, the way `find -H` does: a symlink
/// given as an argument is followed, symlinks met inside the tree are not. Names are
/// kept as bytes (a file name need not be UTF-8), and nothing is skipped silently: a
/// directory that cannot be listed or a path too long to open is an entry with an error.
struct ModuleWalker {
  struct Entry {
    /// The exact path bytes.
    var raw: [UInt8]
    /// Why this entry could not be read, for directories and over-long paths.
    var walkError: String?
    /// The directory argument it was found under, as given; nil for a file argument.
    var root: [UInt8]? = nil

    /// The path below `root` (the whole path for a file argument; `.` for the root
    /// itself when it cannot be listed).
    var relative: [UInt8] {
      guard let root else { return raw }
      guard raw.count > root.count + 1, raw.starts(with: root) else { return Array(".".utf8) }
      return Array(raw.dropFirst(root.count + 1))
    }

    /// The path as UTF-8 text (invalid bytes replaced), for messages and reports.
    var display: String { String(decoding: raw, as: UTF8.self) }
    var isValidUTF8: Bool { String(validating: raw, as: UTF8.self) != nil }
  }

  static let suffixes = [".ko", ".ko.xz", ".ko.gz", ".ko.zst", ".ko.bz2"].map { Array($0.utf8) }

  /// Every module file and walk error under `root` (a directory or a file), sorted.
  static func entries(under root: String) throws(FrontendError) -> [Entry] {
    var st = stat()
    guard stat(root, &st) == 0 else { throw .scanRoot(path: root, reason: errnoText()) }
    let rootBytes = Array(root.utf8)
    guard st.st_mode & S_IFMT == S_IFDIR else { return [Entry(raw: rootBytes)] }
    var result: [Entry] = []
    walk(rootBytes, into: &result)
    for i in result.indices { result[i].root = rootBytes }
    return result.sorted { $0.raw.lexicographicallyPrecedes($1.raw) }
  }

  private static func walk(_ directory: [UInt8], into result: inout [Entry]) {
    if directory.count >= Int(PATH_MAX) {
      result.append(
        Entry(
          raw: directory, walkError: "path longer than PATH_MAX (\(PATH_MAX) bytes): not searched"))
      return
    }
    guard let dir = cString(directory).withUnsafeBufferPointer({ opendir($0.baseAddress!) }) else {
      result.append(Entry(raw: directory, walkError: "cannot list directory: " + errnoText()))
      return
    }
    defer { closedir(dir) }
    var subdirectories: [[UInt8]] = []
    while let entry = readdir(dir) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
      if name == [0x2E] || name == [0x2E, 0x2E] { continue }
      let path = directory + [0x2F] + name
      var type = entry.pointee.d_type
      if type == UInt8(DT_UNKNOWN) {
        var st = stat()
        type =
          cString(path).withUnsafeBufferPointer({ lstat($0.baseAddress!, &st) }) == 0
            && st.st_mode & S_IFMT == S_IFDIR
          ? UInt8(DT_DIR) : UInt8(DT_REG)
      }
      if type == UInt8(DT_DIR) {
        subdirectories.append(path)
      } else if suffixes.contains(where: {
        name.count > $0.count && name.suffix($0.count).elementsEqual($0)
      }) {
        result.append(
          Entry(
            raw: path,
            walkError: path.count >= Int(PATH_MAX)
              ? "path longer than PATH_MAX (\(PATH_MAX) bytes)" : nil))
      }
    }
    for sub in subdirectories { walk(sub, into: &result) }
  }

  private static func cString(_ bytes: [UInt8]) -> [CChar] {
    bytes.map { CChar(bitPattern: $0) } + [0]
  }
}
