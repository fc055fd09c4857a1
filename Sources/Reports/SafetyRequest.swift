import Dispatch
import ElfDwarf
import Foundation
import LayoutLoader
import LayoutModel
import Safety

/// Pairing an original and a patched build (two objects, or two trees of objects
/// paired by relative path) and comparing each pair: the library side of
/// `klp-layout safety`.
public struct SafetyRequest: Sendable {
  public var old: String
  public var new: String
  public var jobs: Int
  /// Called after each pair with (done, total), from any thread.
  public var progress: (@Sendable (Int, Int) -> Void)?

  public init(old: String, new: String, jobs: Int) {
    self.old = old
    self.new = new
    self.jobs = max(jobs, 1)
  }

  /// What kernel builds leave beside each other: objects and modules, compressed or not.
  static let suffixes = [".o", ".ko", ".ko.xz", ".ko.gz", ".ko.zst", ".ko.bz2"]

  /// The pairs to compare (relative label, old path, new path) and the one-sided files.
  public func pairs() throws(SafetyError) -> (pairs: [(String, String, String)], onlyInOld: [String], onlyInNew: [String]) {
    let oldIsDirectory = try Self.isDirectory(old)
    let newIsDirectory = try Self.isDirectory(new)
    guard oldIsDirectory == newIsDirectory else { throw .mixed(old: old, new: new) }
    if !oldIsDirectory { return ([((new as NSString).lastPathComponent, old, new)], [], []) }
    let before = Self.objects(under: old)
    let after = Self.objects(under: new)
    let pairs = before.filter(after.contains).sorted().map { rel in
      (rel, (old as NSString).appendingPathComponent(rel), (new as NSString).appendingPathComponent(rel))
    }
    return (pairs, before.subtracting(after).sorted(), after.subtracting(before).sorted())
  }

  public func run() throws -> SafetyDocument {
    let (pairs, onlyInOld, onlyInNew) = try pairs()
    let outcomes = Outcomes(count: pairs.count)
    let queue = DispatchQueue(label: "klp-layout.safety", attributes: .concurrent)
    let group = DispatchGroup()
    let slots = DispatchSemaphore(value: jobs)
    for (i, (label, o, n)) in pairs.enumerated() {
      slots.wait()
      queue.async(group: group) {
        defer { slots.signal() }
        let outcome: Outcome
        do { outcome = try Self.comparePair(label: label, old: o, new: n) } catch { outcome = .failed(error) }
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
    case failed(any Error)
  }

  static func comparePair(label: String, old: String, new: String) throws -> Outcome {
    if try sameBytes(old, new) { return .identical }
    let before = try open(old)
    let after = try open(new)
    // Objects a debug build still makes without DWARF (assembly, vDSO, purgatory) hold
    // nothing to compare: listed, not fatal. One side without it is a broken pair.
    if !before.hasDWARF && !after.hasDWARF { return .withoutDebugInfo(label) }
    return .compared(SafetyEngine.compare(old: try entities(before), new: try entities(after), file: label))
  }

  static func open(_ path: String) throws(LoaderError) -> ElfFile {
    do { return try ElfFile.open(path) } catch { throw .reading(error) }
  }

  static func entities(_ file: ElfFile) throws(LoaderError) -> ProgramEntities {
    guard file.hasDWARF else { throw .reading(.noDWARF(file: file.path, hasBTF: file.hasBTF)) }
    let loader = TypeLoader(file: file)
    loader.jobs = 1  // pairs already run in parallel
    return try loader.programEntities()
  }

  /// Unchanged objects are the common case in a kernel tree: equal sizes, then equal
  /// bytes (both mapped, not read), skip them before any DWARF is parsed.
  static func sameBytes(_ a: String, _ b: String) throws(SafetyError) -> Bool {
    let sizeA = (try? FileManager.default.attributesOfItem(atPath: a)[.size] as? NSNumber)?.uint64Value
    let sizeB = (try? FileManager.default.attributesOfItem(atPath: b)[.size] as? NSNumber)?.uint64Value
    guard let sizeA, let sizeB else { throw .unreadable(sizeA == nil ? a : b) }
    guard sizeA == sizeB else { return false }
    guard let dataA = try? Data(contentsOf: URL(fileURLWithPath: a), options: .alwaysMapped),
      let dataB = try? Data(contentsOf: URL(fileURLWithPath: b), options: .alwaysMapped)
    else { return false }
    return dataA == dataB
  }

  static func isDirectory(_ path: String) throws(SafetyError) -> Bool {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .missing(path) }
    return isDirectory.boolValue
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

/// Problems with `safety`'s own arguments.
public enum SafetyError: Error, CustomStringConvertible {
  case missing(String)
  case unreadable(String)
  case mixed(old: String, new: String)

  public var description: String {
    switch self {
    case .missing(let path): return "\(path): cannot read: No such file or directory"
    case .unreadable(let path): return "\(path): cannot read its size"
    case .mixed(let old, let new):
      return "\(old), \(new): expected two files or two directories, found one of each"
    }
  }
}

/// Outcomes written by worker threads, each to its own slot.
private final class Outcomes: @unchecked Sendable {
  private let lock = NSLock()
  private var outcomes: [SafetyRequest.Outcome?]
  private var done = 0

  init(count: Int) { outcomes = Array(repeating: nil, count: count) }

  func store(_ outcome: SafetyRequest.Outcome, at index: Int) -> Int {
    lock.lock()
    defer { lock.unlock() }
    outcomes[index] = outcome
    done += 1
    return done
  }

  func all() -> [SafetyRequest.Outcome] {
    lock.lock()
    defer { lock.unlock() }
    return outcomes.compactMap { $0 }
  }
}
