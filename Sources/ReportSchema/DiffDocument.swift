import LayoutModel
/// `diff`: what changed between two builds (docs/json.md).
public struct DiffDocument: Encodable, Sendable, Equatable {
  public var schemaVersion = reportSchemaVersion
  public var old: String
  public var new: String
  /// `dwarf` or `btf` for each side.
  public var oldTypeSource: TypeSource = .dwarf
  public var newTypeSource: TypeSource = .dwarf
  public var summary: Summary
  public var types: [TypeChange]
  /// For livepatch modules: static klp arrays and funcs that changed.
  public var livepatch: LivepatchChanges?
  /// The old and new layouts of each changed type, for pictures; not encoded.
  public var layouts: [TypeKey: LayoutPair] = [:]

  enum CodingKeys: String, CodingKey {
    case schemaVersion, old, new, oldTypeSource, newTypeSource, summary, types, livepatch
  }

  /// A type as laid out in each build (nil where it does not exist), with the tables
  /// that name the members' types.
  public struct LayoutPair: Sendable, Equatable {
    public var old: StructLayout?
    public var oldTable: TypeTable
    public var new: StructLayout?
    public var newTable: TypeTable

    public init(old: StructLayout?, oldTable: TypeTable, new: StructLayout?, newTable: TypeTable) {
      self.old = old
      self.oldTable = oldTable
      self.new = new
      self.newTable = newTable
    }
  }

  /// The counts and byte totals `scripts/bloat-o-meter` prints.
  public struct Summary: Encodable, Sendable, Equatable {
    public var added: Int
    public var removed: Int
    public var grown: Int
    public var shrunk: Int
    public var up: Int64
    public var down: Int64

    /// `add/remove: 1/0 grow/shrink: 2/1 up/down: 24/-8 (16)`, as bloat-o-meter prints it.
    public var line: String {
      "add/remove: \(added)/\(removed) grow/shrink: \(grown)/\(shrunk) up/down: \(up)/\(down) (\(up + down))"
    }
  }

  public init(old: String, new: String, types: [TypeChange], livepatch: LivepatchChanges?) {
    self.old = old
    self.new = new
    self.types = types
    self.livepatch = livepatch
    var s = Summary(added: 0, removed: 0, grown: 0, shrunk: 0, up: 0, down: 0)
    for t in types {
      switch t.change {
      case .added: s.added += 1
      case .removed: s.removed += 1
      case .grown: s.grown += 1
      case .shrunk: s.shrunk += 1
      case .changed: break
      }
      if t.delta > 0 { s.up += t.delta } else { s.down += t.delta }
    }
    summary = s
  }

  /// Whether nothing differs.
  public var isEmpty: Bool { types.isEmpty && (livepatch?.isEmpty ?? true) }
}

/// Differences in livepatch metadata between two builds of a module.
public struct LivepatchChanges: Encodable, Sendable, Equatable {
  public struct ArrayChange: Encodable, Sendable, Equatable {
    public var symbol: String
    /// `added`, `removed`, `grown` or `shrunk`.
    public var change: TypeChange.Kind
    public var oldCount: UInt64?
    public var newCount: UInt64?
    public var oldBytes: UInt64?
    public var newBytes: UInt64?
  }
  public struct FuncChange: Encodable, Sendable, Equatable {
    public var object: String
    public var oldName: String?
    public var oldSympos: UInt64
    /// `added` or `removed`.
    public var change: TypeChange.Kind
    public var newFunc: String?
  }
  public var arrays: [ArrayChange]
  public var funcs: [FuncChange]

  public var isEmpty: Bool { arrays.isEmpty && funcs.isEmpty }

  /// Arrays matched by symbol; funcs by (object, old_name, old_sympos).
  public init(old: InspectReport, new: InspectReport) {
    let oldArrays = Dictionary(old.arrays.map { ($0.symbol, $0) }) { a, _ in a }
    let newArrays = Dictionary(new.arrays.map { ($0.symbol, $0) }) { a, _ in a }
    arrays = Set(oldArrays.keys).union(newArrays.keys).sorted().compactMap { symbol in
      let o = oldArrays[symbol]
      let n = newArrays[symbol]
      if o?.count == n?.count && o?.bytes == n?.bytes { return nil }
      let change: TypeChange.Kind =
        o == nil ? .added : n == nil ? .removed : (n!.bytes > o!.bytes ? .grown : .shrunk)
      return ArrayChange(
        symbol: symbol, change: change, oldCount: o?.count, newCount: n?.count, oldBytes: o?.bytes,
        newBytes: n?.bytes)
    }
    func keyed(_ r: InspectReport) -> [String: (String, InspectReport.Func)] {
      var result: [String: (String, InspectReport.Func)] = [:]
      for object in r.patches.flatMap(\.objects) {
        for f in object.funcs {
          result["\(object.target)\u{0}\(f.oldName ?? "")\u{0}\(max(f.oldSympos, 1))"] = (
            object.target, f
          )
        }
      }
      return result
    }
    let oldFuncs = keyed(old)
    let newFuncs = keyed(new)
    var funcs: [FuncChange] = []
    for (key, (object, f)) in oldFuncs where newFuncs[key] == nil {
      funcs.append(
        FuncChange(
          object: object, oldName: f.oldName, oldSympos: f.oldSympos, change: .removed,
          newFunc: f.newFunc))
    }
    for (key, (object, f)) in newFuncs where oldFuncs[key] == nil {
      funcs.append(
        FuncChange(
          object: object, oldName: f.oldName, oldSympos: f.oldSympos, change: .added,
          newFunc: f.newFunc))
    }
    self.funcs = funcs.sorted {
      ($0.object, $0.oldName ?? "", $0.change.rawValue)
        < ($1.object, $1.oldName ?? "", $1.change.rawValue)
    }
  }
}
