import Foundation
import System

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
      // `dir/` and `dir` name the same directory: what follows it, less the slash(es).
      guard raw.starts(with: root) else { return Array(".".utf8) }
      let rest = raw.dropFirst(root.count).drop { $0 == UInt8(ascii: "/") }
      return rest.isEmpty ? Array(".".utf8) : Array(rest)
    }

    /// The path as UTF-8 text (invalid bytes replaced), for messages and reports.
    var display: String { String(decoding: raw, as: UTF8.self) }
    var isValidUTF8: Bool { String(validating: raw, as: UTF8.self) != nil }
  }

  static let suffixes = [".ko", ".ko.xz", ".ko.gz", ".ko.zst", ".ko.bz2"].map { Array($0.utf8) }

  /// Every module file and walk error under `root` (a directory or a file), sorted.
  static func entries(under root: String) throws(FrontendError) -> [Entry] {
    let rootPath = FilePath(argument: root)
    let status: FileStatus
    do { status = try FileStatus.of(rootPath) } catch {
      throw .scanRoot(path: root, reason: error.description)
    }
    guard status.kind == .directory else { return [Entry(raw: rootPath.bytes)] }
    var result: [Entry] = []
    walk(rootPath, into: &result)
    for i in result.indices { result[i].root = rootPath.bytes }
    return result.sorted { $0.raw.lexicographicallyPrecedes($1.raw) }
  }

  private static func walk(_ directory: FilePath, into result: inout [Entry]) {
    if directory.bytes.count >= Int(PATH_MAX) {
      result.append(
        Entry(
          raw: directory.bytes,
          walkError: "path longer than PATH_MAX (\(PATH_MAX) bytes): not searched"))
      return
    }
    let entries: [DirectoryEntry]
    do { entries = try Directory.entries(of: directory) } catch {
      result.append(Entry(raw: directory.bytes, walkError: "cannot list directory: \(error)"))
      return
    }
    var subdirectories: [FilePath] = []
    for entry in entries {
      let path = directory.appending(FilePath(bytes: entry.name))
      var kind = entry.kind
      // Some file systems do not say what an entry is: ask. One that cannot be asked
      // is taken as a file, whose opening then says what is wrong with it.
      if kind == .unknown { kind = (try? FileStatus.ofLink(path).kind) ?? .regular }
      if kind == .directory {
        subdirectories.append(path)
      } else if suffixes.contains(where: {
        entry.name.count > $0.count && entry.name.suffix($0.count).elementsEqual($0)
      }) {
        result.append(
          Entry(
            raw: path.bytes,
            walkError: path.bytes.count >= Int(PATH_MAX)
              ? "path longer than PATH_MAX (\(PATH_MAX) bytes)" : nil))
      }
    }
    for sub in subdirectories { walk(sub, into: &result) }
  }
}
