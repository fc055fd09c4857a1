import ElfDwarf
import Foundation
import LayoutLoader
import LayoutModel
import ReportSchema
import Safety
import Synchronization
import System

/// `safety`: an original and a patched build (two objects, or two trees of objects
/// paired by relative path), each pair compared entity by entity.
public struct SafetyUseCase: Sendable {
  public var old: String
  public var new: String
  /// Pairs compared side by side (`--jobs`); each pair is read on one thread.
  public var workers: Workers
  public var options: InputOptions
  /// Called after each pair with (done, total), from any thread.
  public var progress: (@Sendable (Int, Int) -> Void)?
  /// Only the pairs and one-sided files of this shard (by relative path), for a CI
  /// matrix.
  public var shard: Shard?

  public init(old: String, new: String, workers: Workers, options: InputOptions = .init()) {
    self.old = old
    self.new = new
    self.workers = workers
    self.options = options
    self.options.workers = .one
    // Each file is read once: an index would only cost its writing.
    self.options.typeIndex = nil
  }

  /// What kernel builds leave beside each other: objects and modules, compressed or not.
  static let suffixes = [".o", ".ko", ".ko.xz", ".ko.gz", ".ko.zst", ".ko.bz2"]

  /// The pairs to compare (relative label, old path, new path) and the one-sided files.
  public func pairs() throws(FrontendError) -> (
    pairs: [(String, String, String)], onlyInOld: [String], onlyInNew: [String]
  ) {
    let oldIsDirectory = try Self.isDirectory(old)
    let newIsDirectory = try Self.isDirectory(new)
    guard oldIsDirectory == newIsDirectory else {
      throw .mismatch("\(old), \(new): expected two files or two directories, found one of each")
    }
    if !oldIsDirectory {
      let label = (new as NSString).lastPathComponent
      return (shard?.contains(label.utf8) ?? true ? [(label, old, new)] : [], [], [])
    }
    let inShard = { (path: String) in shard?.contains(path.utf8) ?? true }
    let before = Self.objects(under: old).filter(inShard)
    let after = Self.objects(under: new).filter(inShard)
    let pairs = before.filter(after.contains).sorted().map { rel in
      (
        rel, (old as NSString).appendingPathComponent(rel),
        (new as NSString).appendingPathComponent(rel)
      )
    }
    return (pairs, before.subtracting(after).sorted(), after.subtracting(before).sorted())
  }

  public func run() throws(FrontendError) -> SafetyDocument {
    let (pairs, onlyInOld, onlyInNew) = try pairs()
    let done = Atomic<Int>(0)
    let outcomes = workers.map(pairs.count) { i -> Outcome in
      let (label, o, n) = pairs[i]
      let outcome: Outcome
      do throws(FrontendError) {
        outcome = try comparePair(label: label, old: o, new: n)
      } catch { outcome = .failed(error) }
      progress?(done.wrappingAdd(1, ordering: .relaxed).newValue, pairs.count)
      return outcome
    }
    var changes: [SafetyChange] = []
    var compared = 0
    var identical = 0
    var withoutDebugInfo: [String] = []
    // A gate must not pass what it could not read: the first error (in path order) ends the run.
    for outcome in outcomes {
      switch outcome {
      case .identical: identical += 1
      case .withoutDebugInfo(let label): withoutDebugInfo.append(label)
      case .compared(let c):
        compared += 1
        changes += c
      case .failed(let error): throw error
      }
    }
    let files = SafetyDocument.Files(
      compared: compared, identical: identical, onlyInOld: onlyInOld, onlyInNew: onlyInNew,
      withoutDebugInfo: withoutDebugInfo)
    var document = SafetyDocument(old: old, new: new, files: files, changes: changes)
    document.shard = shard.map { .init(index: $0.index, count: $0.count) }
    return document
  }

  enum Outcome {
    case identical
    case withoutDebugInfo(String)
    case compared([SafetyChange])
    case failed(FrontendError)
  }

  func comparePair(label: String, old: String, new: String) throws(FrontendError) -> Outcome {
    let inputs = CommandInputs(options: options)
    return try inputs.finishing { () throws(FrontendError) -> Outcome in
      // Unchanged objects are the common case in a kernel tree: skip them before any
      // DWARF is parsed.
      let (oldFile, newFile) = (
        try inputs.file(FilePath(argument: old)), try inputs.file(FilePath(argument: new))
      )
      let same: Bool
      do throws(InputFileError) { same = try oldFile.sameContents(as: newFile) } catch {
        throw .input(error)
      }
      if same { return .identical }
      let before = try inputs.open(old)
      let after = try inputs.open(new)
      // Objects a debug build still makes without DWARF (assembly, vDSO, purgatory) hold
      // nothing to compare: listed, not fatal. One side without it is a broken pair.
      let (oldHasDWARF, newHasDWARF) = (try before.elfFile().hasDWARF, try after.elfFile().hasDWARF)
      if !oldHasDWARF && !newHasDWARF { return .withoutDebugInfo(label) }
      return .compared(
        SafetyEngine.compare(
          old: try Self.entities(before), new: try Self.entities(after), file: label))
    }
  }

  static func entities(_ input: ResolvedInput) throws(FrontendError) -> ProgramEntities {
    let file = try input.elfFile()
    guard file.hasDWARF else { throw .reading(.noDWARF(file: input.path, hasBTF: file.hasBTF)) }
    let loader = TypeLoader(file: file, workers: .one)  // pairs already run side by side
    do { return try loader.programEntities() } catch { throw .loading(error) }
  }

  static func isDirectory(_ path: String) throws(FrontendError) -> Bool {
    do { return try FileStatus.of(FilePath(argument: path)).kind == .directory } catch {
      throw .scanRoot(path: path, reason: error.description)
    }
  }

  /// Relative paths of the objects under a directory.
  static func objects(under directory: String) -> Set<String> {
    var result = Set<String>()
    guard let walker = FileManager.default.enumerator(atPath: directory) else { return result }
    while let item = walker.nextObject() as? String {
      if suffixes.contains(where: { item.hasSuffix($0) }) { result.insert(item) }
    }
    return result
  }
}
