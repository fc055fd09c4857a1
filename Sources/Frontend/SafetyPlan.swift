import ReportSchema
import System

/// What `safety` compares: the pairs of files of its two arguments (two files, or two
/// trees paired by relative path), what only one side has, and what a walk could not
/// read.
struct SafetyPlan {
  struct Pair {
    /// The path below both roots (the patched file's name for two files).
    var label: String
    var old: FilePath
    var new: FilePath
  }

  var pairs: [Pair] = []
  var onlyInOld: [String] = []
  var onlyInNew: [String] = []
  var unreadable: [SafetyDocument.Unreadable] = []
  /// Whether the arguments were two directories.
  var trees = false

  /// What kernel builds leave beside each other: objects and modules, compressed or not.
  static let walker = TreeWalker(
    suffixes: [".o", ".ko", ".ko.xz", ".ko.gz", ".ko.zst", ".ko.bz2"].map { Array($0.utf8) },
    links: .followedInsideRoot)

  /// With `shard`, only what is in it (`Shard`: by the bytes of the relative path, or of
  /// the patched file's name for two files), chosen as the walk finds it.
  init(old: String, new: String, shard: Shard? = nil) throws(FrontendError) {
    let oldIsDirectory = try Self.isDirectory(old)
    guard oldIsDirectory == (try Self.isDirectory(new)) else {
      throw .mismatch("\(old), \(new): expected two files or two directories, found one of each")
    }
    guard oldIsDirectory else {
      let (oldPath, newPath) = (FilePath(argument: old), FilePath(argument: new))
      let name = newPath.lastComponent
      if shard?.contains(name.bytes) ?? true {
        pairs = [Pair(label: name.lossyString, old: oldPath, new: newPath)]
      }
      return
    }
    trees = true
    var walker = Self.walker
    walker.shard = shard
    let before = try side(old, .old, walker)
    let after = try side(new, .new, walker)
    for (relative, path) in before.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
      let label = String(decoding: relative, as: UTF8.self)
      if let other = after[relative] {
        pairs.append(Pair(label: label, old: path, new: other))
      } else {
        onlyInOld.append(label)
      }
    }
    onlyInNew = after.keys.filter { before[$0] == nil }
      .sorted { $0.lexicographicallyPrecedes($1) }.map { String(decoding: $0, as: UTF8.self) }
  }

  /// The files of one tree by relative path; what its walk could not read goes to
  /// `unreadable`.
  private mutating func side(
    _ root: String, _ side: SafetyDocument.Unreadable.Side, _ walker: TreeWalker
  ) throws(FrontendError) -> [[UInt8]: FilePath] {
    var files: [[UInt8]: FilePath] = [:]
    for entry in try walker.entries(under: root) {
      if let error = entry.walkError {
        unreadable.append(
          .init(
            side: side, path: String(decoding: entry.relative, as: UTF8.self),
            reason: "\(FilePath(bytes: entry.raw)): \(error)"))
      } else {
        files[entry.relative] = FilePath(bytes: entry.raw)
      }
    }
    return files
  }

  static func isDirectory(_ path: String) throws(FrontendError) -> Bool {
    do { return try FileStatus.of(FilePath(argument: path)).kind == .directory } catch {
      throw .scanRoot(path: path, reason: error.description)
    }
  }
}
