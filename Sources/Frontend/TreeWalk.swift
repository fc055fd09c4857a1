import Foundation
import System

/// One walk of a tree (`TreeWalker.entries(under:)`), collecting its entries.
struct TreeWalk {
  let walker: TreeWalker
  let root: FilePath
  /// The root with its links resolved, to tell whether a link stays inside it.
  var resolvedRoot: FilePath?
  var result: [TreeWalker.Entry] = []
  /// Deeper than this, a directory is reported rather than entered.
  static let maxDepth = 256

  init(walker: TreeWalker, root: FilePath) {
    self.walker = walker
    self.root = root
  }

  /// Walks `directory`, whose resolved path is `resolved` (nil when unknown: links are
  /// then not followed from it).
  mutating func directory(_ directory: FilePath, resolved: FilePath?, depth: Int) {
    if directory.bytes.count >= Int(PATH_MAX) || depth > Self.maxDepth {
      let why =
        depth > Self.maxDepth
        ? "nested deeper than \(Self.maxDepth) directories: not searched"
        : "path longer than PATH_MAX (\(PATH_MAX) bytes): not searched"
      result.append(TreeWalker.Entry(raw: directory.bytes, walkError: why))
      return
    }
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
      } else if kind == .symbolicLink && walker.links == .followedInsideRoot {
        if let sub = link(path, name: entry.name, in: resolved) { subdirectories.append(sub) }
      } else if walker.wanted(entry.name) {
        file(path)
      }
    }
    for (sub, real) in subdirectories { self.directory(sub, resolved: real, depth: depth + 1) }
  }

  private mutating func file(_ path: FilePath, error: String? = nil) {
    let tooLong = path.bytes.count >= Int(PATH_MAX)
    result.append(
      TreeWalker.Entry(
        raw: path.bytes,
        walkError: error ?? (tooLong ? "path longer than PATH_MAX (\(PATH_MAX) bytes)" : nil)))
  }

  /// A symbolic link inside the tree: a wanted file or a directory to enter when it
  /// stays inside the root, an entry with an error when it leads out or nowhere.
  private mutating func link(
    _ path: FilePath, name: [UInt8], in parent: FilePath?
  ) -> (FilePath, FilePath?)? {
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
    // A link back to a directory it is in would be walked forever: its files are
    // found under their real path already.
    if let parent, parent.isInside(target) { return nil }
    return (path, target)
  }
}
