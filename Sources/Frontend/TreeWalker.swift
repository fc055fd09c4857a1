import System

/// Finds the files of a directory tree by name suffix, for `scan` and `safety`: one walk,
/// one rule for symbolic links. A symlink given as the root is always followed (it is
/// what the user named). Inside the tree, a symlinked directory is either never
/// followed (`scan`, the way `find -H` does) or followed when it stays inside the root
/// and reported when it leads out (`safety`: a gate must not skip what it cannot see).
/// Names are kept as bytes (a file name need not be UTF-8), and nothing is skipped
/// silently: a directory that cannot be listed or a path too long to open is an entry
/// with an error.
struct TreeWalker {
  /// What to do with a symbolic link met inside the tree.
  enum Links {
    /// Directories behind links are not entered; a link named like a wanted file is
    /// listed as one when the file it leads to is inside the root, and as an entry
    /// with an error when it leads out of the tree or nowhere.
    case notFollowed
    /// Followed when what it points to is inside the root (a link back to a directory
    /// above it is not entered again: its files are found under their real path);
    /// reported as an entry with an error when it leads out of the tree or nowhere.
    case followedInsideRoot
  }

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

  /// Name endings of the files wanted (`.ko`, `.ko.xz`, …).
  var suffixes: [[UInt8]]
  var links: Links
  /// `--shard K/N`: only the entries of this part of the run (`Shard`, by the bytes of
  /// the relative path), walk errors included, so that N runs list each entry once.
  var shard: Shard? = nil

  /// `scan`: modules, symlinks inside the tree not followed.
  static let modules = TreeWalker(
    suffixes: [".ko", ".ko.xz", ".ko.gz", ".ko.zst", ".ko.bz2"].map { Array($0.utf8) },
    links: .notFollowed)

  /// Every wanted file and walk error under `root` (a directory or a file) in `shard`,
  /// sorted.
  func entries(under root: String) throws(FrontendError) -> [Entry] {
    let rootPath = FilePath(argument: root)
    let status: FileStatus
    do { status = try FileStatus.of(rootPath) } catch {
      throw .scanRoot(path: root, reason: error.description)
    }
    guard status.kind == .directory else {
      return [Entry(raw: rootPath.bytes)].filter { shard?.contains($0.relative) ?? true }
    }
    var walk = TreeWalk(walker: self, root: rootPath)
    walk.resolvedRoot = try? rootPath.resolved()
    walk.directory(rootPath, resolved: walk.resolvedRoot)
    var result = walk.result
    for i in result.indices { result[i].root = rootPath.bytes }
    if let shard { result.removeAll { !shard.contains($0.relative) } }
    return result.sorted { $0.raw.lexicographicallyPrecedes($1.raw) }
  }

  func wanted(_ name: [UInt8]) -> Bool {
    suffixes.contains { name.count > $0.count && name.suffix($0.count).elementsEqual($0) }
  }
}
