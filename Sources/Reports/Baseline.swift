import Foundation
import LayoutModel

/// A committed record of the sizes and layouts that matter, for CI to check new builds
/// against. Diff-friendly: sorted keys, one member per line.
public struct Baseline: Codable, Sendable, Equatable {
  public var schemaVersion = 1
  /// The file the baseline was taken from (as given), and its machine.
  public var file: String
  public var machine: String
  /// `dwarf` or `btf` (absent in baselines written before BTF was read).
  public var typeSource: String?
  /// `struct klp_func` → its size and members.
  public var types: [String: TypeRecord]
  /// Bytes of all static klp arrays, for livepatch modules.
  public var staticKlpBytes: UInt64?
  /// Hard limits by type name, kept across updates of the baseline.
  public var budgets: [String: UInt64]?

  public struct TypeRecord: Codable, Sendable, Equatable {
    public var size: UInt64
    /// `"name offset size"` (and `:bits` for bit fields) per member, in order.
    public var members: [String]
  }

  public init(file: String, machine: String, layouts: [StructLayout], staticKlpBytes: UInt64?, budgets: [String: UInt64]?) {
    self.file = file
    self.machine = machine
    self.staticKlpBytes = staticKlpBytes
    self.budgets = budgets
    var types: [String: TypeRecord] = [:]
    for layout in layouts {
      guard let name = layout.name else { continue }
      let members = layout.members.map { m in
        "\(m.name ?? "<anonymous>") \(m.byteOffset) \(m.byteSize ?? 0)" + (m.bitFieldSize.map { ":\($0)" } ?? "")
      }
      types[layout.kind.rawValue + " " + name] = TypeRecord(size: layout.size, members: members)
    }
    self.types = types
  }

  /// Writes the baseline atomically: a temporary file in the same directory, then a
  /// rename, so an existing baseline is never left half-written.
  public func write(to path: String) throws {
    let url = URL(fileURLWithPath: path)
    let data = Data(try JSONOutput.encode(self).utf8)
    let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
    try data.write(to: temporary)
    guard rename(temporary.path, url.path) == 0 else {
      let reason = String(cString: strerror(errno))
      try? FileManager.default.removeItem(at: temporary)
      throw BaselineError.unwritable(path: path, reason: reason)
    }
  }

  /// Reads and validates a baseline file.
  public static func read(from path: String) throws -> Baseline {
    let data: Data
    do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
      throw BaselineError.unreadable(path: path, reason: "cannot read it")
    }
    let baseline: Baseline
    do { baseline = try JSONDecoder().decode(Baseline.self, from: data) } catch {
      throw BaselineError.unreadable(path: path, reason: "not a klp-layout baseline (\(error))")
    }
    guard baseline.schemaVersion == 1 else {
      throw BaselineError.unreadable(path: path, reason: "schemaVersion \(baseline.schemaVersion), expected 1")
    }
    return baseline
  }
}

/// Problems with a baseline file.
public enum BaselineError: Error, CustomStringConvertible, Equatable {
  case unreadable(path: String, reason: String)
  case unwritable(path: String, reason: String)

  public var description: String {
    switch self {
    case .unreadable(let path, let reason): return "\(path): \(reason)"
    case .unwritable(let path, let reason): return "\(path): cannot write: \(reason)"
    }
  }
}
