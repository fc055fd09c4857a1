import Dispatch
import ElfDwarf
import Foundation
import LayoutLoader
import Livepatch

/// `scan --format json`, schema version 1: every module of a tree, summarized.
public struct ScanDocument: Codable, Sendable, Equatable {
  public var schemaVersion = 1
  public var modules: [Module]
  public var totals: Totals

  public struct Module: Codable, Sendable, Equatable {
    /// Relative to `directory` (as given when a file was named directly).
    public var path: String
    /// The directory scanned that holds the module; nil for a file named directly.
    public var directory: String?
    /// klp structures, records, or the modinfo tag say this is a livepatch module.
    public var livepatch: Bool
    public var objects: Int
    public var funcs: Int
    public var staticBytes: UInt64
    /// Where the DWARF came from, when not the module itself.
    public var debugFile: String?
    /// Why the module could not be read (it is still listed; the scan goes on).
    public var error: String?
    /// With `--audit`: the types wasting most bytes here, as `struct x: N bytes`.
    public var topWaste: [String]?

    public init(
      path: String, directory: String?, livepatch: Bool, objects: Int, funcs: Int, staticBytes: UInt64,
      debugFile: String? = nil, error: String? = nil, topWaste: [String]? = nil
    ) {
      self.path = path
      self.directory = directory
      self.livepatch = livepatch
      self.objects = objects
      self.funcs = funcs
      self.staticBytes = staticBytes
      self.debugFile = debugFile
      self.error = error
      self.topWaste = topWaste
    }
  }

  public struct Totals: Codable, Sendable, Equatable {
    /// Module files read; `modules` counts those listed (fewer with `--livepatch-only`).
    public var scanned: Int
    public var modules: Int
    public var livepatchModules: Int
    public var objects: Int
    public var funcs: Int
    public var staticBytes: UInt64
    public var errors: Int

    public init(scanned: Int, modules: Int, livepatchModules: Int, objects: Int, funcs: Int, staticBytes: UInt64, errors: Int) {
      self.scanned = scanned
      self.modules = modules
      self.livepatchModules = livepatchModules
      self.objects = objects
      self.funcs = funcs
      self.staticBytes = staticBytes
      self.errors = errors
    }
  }

  public init(modules: [Module], totals: Totals) {
    self.modules = modules
    self.totals = totals
  }
}

/// Scans directory trees of kernel modules in parallel.
public struct ScanRequest: Sendable {
  public var directories: [String]
  public var jobs: Int
  public var debugDirectories: [String]
  public var audit: Bool
  /// With `audit`: every type the module's DWARF holds (vmlinux's headers included),
  /// not only those its own sources define.
  public var auditAll = false
  /// List only livepatch modules (totals then count only them, and `scanned` all).
  public var livepatchOnly = false
  /// Called after each module with (done, total), from any thread.
  public var progress: (@Sendable (Int, Int) -> Void)?

  public init(directories: [String], jobs: Int, debugDirectories: [String] = [], audit: Bool = false) {
    self.directories = directories
    self.jobs = max(jobs, 1)
    self.debugDirectories = debugDirectories
    self.audit = audit
  }

  static let suffixes = [".ko", ".ko.xz", ".ko.gz", ".ko.zst", ".ko.bz2"]

  /// A module file found: the directory scanned (nil for a file named directly) and
  /// the path below it.
  public struct Found: Sendable, Comparable {
    public var directory: String?
    public var relative: String
    public var path: String { directory.map { ($0 as NSString).appendingPathComponent(relative) } ?? relative }
    public static func < (a: Found, b: Found) -> Bool { (a.directory ?? "", a.relative) < (b.directory ?? "", b.relative) }
  }

  /// Every module file under the directories, sorted per directory, directories in
  /// the order given (a file given directly counts too).
  public func modules() throws -> [Found] {
    var result: [Found] = []
    for directory in directories {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
        throw ScanError.missing(directory)
      }
      if !isDirectory.boolValue { result.append(Found(directory: nil, relative: directory)); continue }
      guard let walker = FileManager.default.enumerator(atPath: directory) else { continue }
      var here: [Found] = []
      while let item = walker.nextObject() as? String {
        if Self.suffixes.contains(where: { item.hasSuffix($0) }) { here.append(Found(directory: directory, relative: item)) }
      }
      result += here.sorted()
    }
    return result
  }

  public func run() throws -> ScanDocument {
    let paths = try modules()
    let results = Results(count: paths.count)
    let queue = DispatchQueue(label: "klp-layout.scan", attributes: .concurrent)
    let group = DispatchGroup()
    let slots = DispatchSemaphore(value: jobs)
    for (i, path) in paths.enumerated() {
      slots.wait()
      queue.async(group: group) {
        defer { slots.signal() }
        let module = self.scanOne(path)
        let done = results.store(module, at: i)
        self.progress?(done, paths.count)
      }
    }
    group.wait()
    let all = results.all()
    let listed = livepatchOnly ? all.filter(\.livepatch) : all
    return ScanDocument(modules: listed, totals: totals(listed, scanned: all.count))
  }

  func scanOne(_ found: Found) -> ScanDocument.Module {
    let path = found.path
    var module = ScanDocument.Module(
      path: found.relative, directory: found.directory, livepatch: false, objects: 0, funcs: 0, staticBytes: 0)
    do {
      let debug = DebugFileFinder(directories: debugDirectories).debugFile(for: path)
      module.debugFile = debug
      let analysis = try LivepatchReader.analyze(path, debugFile: debug)
      let report = analysis.report
      module.livepatch = report.livepatch || report.modinfoLivepatch
      module.objects = report.totals.objects
      module.funcs = report.totals.funcs
      module.staticBytes = report.totals.staticBytes
      // The audit is about what the module's author can change: skipped for the
      // livepatch modules' neighbours when only those are listed.
      if audit && (!livepatchOnly || module.livepatch) { module.topWaste = try topWaste(path, loader: analysis.loader) }
    } catch {
      module.error = "\(error)"
      // A stripped module still says what it is in .modinfo.
      if let file = try? ElfFile.open(path) { module.livepatch = LivepatchReader.modinfoSaysLivepatch(file) }
    }
    return module
  }

  /// The loader inspection used: the file is open and its definitions indexed once.
  func topWaste(_ path: String, loader: TypeLoader) throws -> [String] {
    var request = AuditRequest(path: path, types: [])
    request.ownTypesOnly = !auditAll
    let (document, _, _) = try request.run(loader: loader)
    return document.types.filter { $0.holeBytes + $0.paddingBytes > 0 }
      .sorted { ($0.holeBytes + $0.paddingBytes, $1.name) > ($1.holeBytes + $1.paddingBytes, $0.name) }
      .prefix(3).map { "\($0.name): \($0.holeBytes + $0.paddingBytes) bytes" }
  }

  func totals(_ modules: [ScanDocument.Module], scanned: Int) -> ScanDocument.Totals {
    ScanDocument.Totals(
      scanned: scanned, modules: modules.count, livepatchModules: modules.filter(\.livepatch).count,
      objects: modules.reduce(0) { $0 + $1.objects }, funcs: modules.reduce(0) { $0 + $1.funcs },
      staticBytes: modules.reduce(0) { $0 &+ $1.staticBytes }, errors: modules.filter { $0.error != nil }.count)
  }
}

/// Results written by worker threads, each to its own slot.
private final class Results: @unchecked Sendable {
  private let lock = NSLock()
  private var modules: [ScanDocument.Module?]
  private var done = 0

  init(count: Int) { modules = Array(repeating: nil, count: count) }

  func store(_ module: ScanDocument.Module, at index: Int) -> Int {
    lock.lock()
    defer { lock.unlock() }
    modules[index] = module
    done += 1
    return done
  }

  func all() -> [ScanDocument.Module] {
    lock.lock()
    defer { lock.unlock() }
    return modules.compactMap { $0 }
  }
}

/// Problems with the scan's own arguments.
public enum ScanError: Error, CustomStringConvertible {
  case missing(String)
  public var description: String {
    switch self {
    case .missing(let path): return "\(path): cannot read: No such file or directory"
    }
  }
}
