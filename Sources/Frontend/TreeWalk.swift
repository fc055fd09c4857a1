#if canImport(Glibc)
  import Glibc
#endif
import System

/// One walk of a tree (`TreeWalker.entries(under:)`), collecting its entries.
struct TreeWalk {
  let walker: TreeWalker
  let root: FilePath
  /// The root with its links resolved, to tell whether a link stays inside it.
  var resolvedRoot: FilePath?
  var result: [TreeWalker.Entry] = []
  /// The resolved paths of the directories being walked, outermost first: a link to
  /// one of them would be walked forever.
  private var ancestors: [FilePath] = []

  init(walker: TreeWalker, root: FilePath) {
    self.walker = walker
    self.root = root
  }

  /// Walks `directory`, whose resolved path is `resolved` (nil when unknown: links are
  /// then not followed from it). Every level adds to the path, so PATH_MAX bounds the
  /// depth.
  mutating func directory(_ directory: FilePath, resolved: FilePath?) {
    if directory.bytes.count >= Int(PATH_MAX) {
      result.append(
        TreeWalker.Entry(
          raw: directory.bytes,
          walkError: "path longer than PATH_MAX (\(PATH_MAX) bytes): not searched"))
      return
    }
    if let resolved { ancestors.append(resolved) }
    defer { if resolved != nil { ancestors.removeLast() } }
    let entries: [DirectoryEntry]
    do { entries = try Directory.entries(of: directory) } catch {
      result.append(
        TreeWalker.Entry(raw: directory.bytes, walkError: "cannot list directory: \(error)"))
      return
    }
    var subdirectories: [(FilePath, FilePath?)] = []
    for entry in entries {
      let path = directory.appending(FilePath(bytes: entry.name))
      var kind = entry.kind
      // Some file systems do not say what an entry is: ask. One that cannot be asked
      // is taken as a file, whose opening then says what is wrong with it.
      if kind == .unknown { kind = (try? FileStatus.ofLink(path).kind) ?? .regular }
      if kind == .directory {
        subdirectories.append((path, resolved?.appending(FilePath(bytes: entry.name))))
      } else if kind == .symbolicLink {
        if let sub = link(path, name: entry.name) { subdirectories.append(sub) }
      } else if walker.wanted(entry.name) {
        file(path)
      }
    }
    for (sub, real) in subdirectories { self.directory(sub, resolved: real) }
  }

  private mutating func file(_ path: FilePath, error: String? = nil) {
    let tooLong = path.bytes.count >= Int(PATH_MAX)
    result.append(
      TreeWalker.Entry(
        raw: path.bytes,
        walkError: error ?? (tooLong ? "path longer than PATH_MAX (\(PATH_MAX) bytes)" : nil)))
  }

  /// A symbolic link inside the tree: a wanted file, or a directory to enter (with
  /// `followedInsideRoot`), when it stays inside the root; an entry with an error when
  /// it leads out or nowhere.
  private mutating func link(_ path: FilePath, name: [UInt8]) -> (FilePath, FilePath?)? {
    let target: FilePath
    let status: FileStatus
    do {
      target = try path.resolved()
      status = try FileStatus.of(target)
    } catch {
      if walker.wanted(name) { file(path, error: "symbolic link that leads nowhere (\(error))") }
      return nil
    }
    guard status.kind == .directory || walker.wanted(name) else { return nil }
    // `scan` enters no directory through a link (as `find -H`); a link named like a
    // module is read only when the file it leads to is inside the tree.
    if status.kind == .directory && walker.links == .notFollowed { return nil }
    let what = status.kind == .directory ? "directory" : "file"
    guard let resolvedRoot, target.isInside(resolvedRoot) else {
      file(
        path,
        error: "symbolic link to a \(what) outside the tree (\(target)): not followed")
      return nil
    }
    guard status.kind == .directory else {
      file(path)
      return nil
    }
    // A link to a directory being walked (it is in it, or through other links) would be
    // walked forever: its files are found under their real path already.
    if ancestors.contains(target) { return nil }
    return (path, target)
  }
}
