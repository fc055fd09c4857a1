import Dispatch
import ElfDwarf
import Foundation
import LayoutLoader
import LayoutModel
import ReportSchema
import Safety

/// `safety`: an original and a patched build (two objects, or two trees of objects
/// paired by relative path), each pair compared entity by entity.
public struct SafetyUseCase: Sendable {
  public var old: String
  public var new: String
  public var jobs: Int
  public var options: InputOptions
  /// Called after each pair with (done, total), from any thread.
  public var progress: (@Sendable (Int, Int) -> Void)?

  public init(old: String, new: String, jobs: Int, options: InputOptions = .init()) {
    self.old = old
    self.new = new
    self.jobs = max(jobs, 1)
    self.options = options
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
    if !oldIsDirectory { return ([((new as NSString).lastPathComponent, old, new)], [], []) }
    let before = Self.objects(under: old)
    let after = Self.objects(under: new)
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
    let outcomes = Slots<Outcome>(count: pairs.count)
    let queue = DispatchQueue(label: "klp-layout.safety", attributes: .concurrent)
    let group = DispatchGroup()
    let slots = DispatchSemaphore(value: jobs)
    for (i, (label, o, n)) in pairs.enumerated() {
      slots.wait()
      queue.async(group: group) {
        defer { slots.signal() }
        let outcome: Outcome
        do throws(FrontendError) {
          outcome = try self.comparePair(label: label, old: o, new: n)
        } catch { outcome = .failed(error) }
        let done = outcomes.store(outcome, at: i)
        self.progress?(done, pairs.count)
      }
    }
    group.wait()
    var changes: [SafetyChange] = []
    var compared = 0
    var identical = 0
    var withoutDebugInfo: [String] = []
    // A gate must not pass what it could not read: the first error (in path order) ends the run.
    for outcome in outcomes.all() {
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
    return SafetyDocument(old: old, new: new, files: files, changes: changes)
  }

  enum Outcome {
    case identical
    case withoutDebugInfo(String)
    case compared([SafetyChange])
    case failed(FrontendError)
  }

  func comparePair(label: String, old: String, new: String) throws(FrontendError) -> Outcome {
    // Unchanged objects are the common case in a kernel tree: skip them before any
    // DWARF is parsed.
    do { if try RegularFile.sameContents(old, new) { return .identical } } catch {
      throw .reading(error)
    }
    let before = try ResolvedInput.open(old, options: options)
    let after = try ResolvedInput.open(new, options: options)
    // Objects a debug build still makes without DWARF (assembly, vDSO, purgatory) hold
    // nothing to compare: listed, not fatal. One side without it is a broken pair.
    let beforeFile = try before.elfFile()
    let afterFile = try after.elfFile()
    if !beforeFile.hasDWARF && !afterFile.hasDWARF { return .withoutDebugInfo(label) }
    let changes = SafetyEngine.compare(
      old: try Self.entities(before), new: try Self.entities(after), file: label)
    try before.verifyUnchanged()
    try after.verifyUnchanged()
    return .compared(changes)
  }

  static func entities(_ input: ResolvedInput) throws(FrontendError) -> ProgramEntities {
    let file = try input.elfFile()
    guard file.hasDWARF else { throw .reading(.noDWARF(file: input.path, hasBTF: file.hasBTF)) }
    let loader = TypeLoader(file: file)
    loader.jobs = 1  // pairs already run in parallel
    do { return try loader.programEntities() } catch { throw .loading(error) }
  }

  static func isDirectory(_ path: String) throws(FrontendError) -> Bool {
    var st = stat()
    guard stat(path, &st) == 0 else { throw .scanRoot(path: path, reason: errnoText()) }
    return st.st_mode & S_IFMT == S_IFDIR
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
