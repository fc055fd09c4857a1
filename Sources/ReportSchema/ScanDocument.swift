import LayoutModel
/// `scan`: every module of a tree, summarized (docs/json.md).
public struct ScanDocument: Encodable, Sendable, Equatable {
  public var schemaVersion = reportSchemaVersion
  public var modules: [Module]
  public var totals: Totals
  /// With `--shard K/N`: which part of the run this is (absent for a whole run).
  public var shard: ReportShard?

  public init(modules: [Module], totals: Totals) {
    self.modules = modules
    self.totals = totals
  }

  public struct Module: Encodable, Sendable, Equatable {
    /// The path relative to `directory` (as given when a file was named directly), as
    /// UTF-8 (invalid bytes replaced by U+FFFD).
    public var path: String
    /// That relative path's exact bytes, hex-encoded, when they are not valid UTF-8.
    public var pathBytes: String?
    /// The directory scanned that holds the module, as given; nil for a file named
    /// directly.
    public var directory: String?
    /// klp structures, records, or the modinfo tag say this is a livepatch module.
    public var livepatch: Bool
    public var objects: Int
    public var funcs: Int
    public var staticBytes: UInt64
    /// Where the DWARF came from, when not the module itself.
    public var debugFile: String?
    /// For a module read without DWARF: the file whose klp structs it was read with
    /// (its klp variables then come from the symbol table).
    public var typesFrom: String?
    /// Why the module could not be read (it is still listed; the scan goes on).
    public var error: String?
    /// The entry could not be opened or listed at all (permissions, a vanished or
    /// over-long path), as opposed to a file that is not a readable module.
    public var unreadable: Bool?
    /// With `--audit`: the types wasting most bytes here.
    public var topWaste: [Waste]?

    /// The path from where the scan ran: `directory` joined to `path`.
    public var fullPath: String {
      guard let directory else { return path }
      return directory.hasSuffix("/") ? directory + path : directory + "/" + path
    }

    public init(path: String, pathBytes: String? = nil, directory: String? = nil) {
      self.path = path
      self.pathBytes = pathBytes
      self.directory = directory
      self.livepatch = false
      self.objects = 0
      self.funcs = 0
      self.staticBytes = 0
    }
  }

  /// A type's holes and padding, in bytes.
  public struct Waste: Encodable, Sendable, Equatable {
    public var name: String
    public var kind: TypeKind
    public var bytes: UInt64
    public init(name: String, kind: TypeKind, bytes: UInt64) {
      self.name = name
      self.kind = kind
      self.bytes = bytes
    }
  }

  public struct Totals: Encodable, Sendable, Equatable {
    /// Module files read; `modules` counts those listed (fewer with `--livepatch-only`,
    /// whose totals count the listed modules only).
    public var scanned: Int
    public var modules: Int
    public var livepatchModules: Int
    public var objects: Int
    public var funcs: Int
    public var staticBytes: UInt64
    /// Entries with an error: modules that could not be read, and directories that
    /// could not be listed.
    public var errors: Int
    /// Of those, entries that could not be opened or listed at all: the scan is
    /// incomplete, and `scan` exits 2 after printing the report.
    public var unreadable: Int

    public init(
      scanned: Int, modules: Int, livepatchModules: Int, objects: Int, funcs: Int,
      staticBytes: UInt64, errors: Int, unreadable: Int
    ) {
      self.scanned = scanned
      self.modules = modules
      self.livepatchModules = livepatchModules
      self.objects = objects
      self.funcs = funcs
      self.staticBytes = staticBytes
      self.errors = errors
      self.unreadable = unreadable
    }
  }
}
