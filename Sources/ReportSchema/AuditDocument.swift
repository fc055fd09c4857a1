import LayoutModel

/// `audit`: wasted bytes per type, ranked (docs/json.md). Also carries, unencoded, the
/// proposed layouts the text draws.
public struct AuditDocument: Encodable, Sendable, Equatable {
  public var schemaVersion = reportSchemaVersion
  public var file: String
  /// The path's exact bytes in hex when they are not UTF-8 (`file` then has U+FFFD for
  /// each byte that is not); absent for a UTF-8 path.
  public var pathBytes: String?
  public var debugFile: String?
  public var cachelineSize: UInt64
  /// `dwarf` or `btf`: where the types were read from.
  public var typeSource: TypeSource
  public var types: [Entry]
  /// Each proposal's layout and the table naming its members, by type.
  public var proposedLayouts: [TypeKey: ProposedLayout] = [:]

  enum CodingKeys: String, CodingKey {
    case schemaVersion, file, pathBytes, debugFile, cachelineSize, typeSource, types
  }

  public init(
    file: String, debugFile: String?, cachelineSize: UInt64, typeSource: TypeSource, types: [Entry],
    proposedLayouts: [TypeKey: ProposedLayout]
  ) {
    self.file = file
    self.typeSource = typeSource
    self.debugFile = debugFile
    self.cachelineSize = cachelineSize
    self.types = types
    self.proposedLayouts = proposedLayouts
  }

  public struct ProposedLayout: Sendable, Equatable {
    public var layout: StructLayout
    public var table: TypeTable
    /// The type's layout as built, for drawing the two side by side.
    public var current: StructLayout?
    public init(layout: StructLayout, table: TypeTable, current: StructLayout? = nil) {
      self.layout = layout
      self.table = table
      self.current = current
    }
  }

  public struct Entry: Encodable, Sendable, Equatable {
    public var name: String
    public var kind: TypeKind
    public var size: UInt64
    public var holeBytes: UInt64
    public var bitHoleBits: UInt64
    public var paddingBytes: UInt64
    /// Elements of static variables of this type in the file.
    public var instances: UInt64
    /// Members that cross a cacheline boundary.
    public var straddling: [String]
    /// The smaller layout found (nil when none is), proven by re-layout.
    public var proposedSize: UInt64?
    public var proposedOrder: [String]?
    public var method: String?
    /// Bytes saved per instance, and in all static instances.
    public var saved: UInt64
    public var savedInInstances: UInt64

    public var key: TypeKey { TypeKey(name: name, kind: kind) }

    public init(
      name: String, kind: TypeKind, size: UInt64, holeBytes: UInt64, bitHoleBits: UInt64,
      paddingBytes: UInt64,
      instances: UInt64, straddling: [String], proposedSize: UInt64?, proposedOrder: [String]?,
      method: String?,
      saved: UInt64, savedInInstances: UInt64
    ) {
      self.name = name
      self.kind = kind
      self.size = size
      self.holeBytes = holeBytes
      self.bitHoleBits = bitHoleBits
      self.paddingBytes = paddingBytes
      self.instances = instances
      self.straddling = straddling
      self.proposedSize = proposedSize
      self.proposedOrder = proposedOrder
      self.method = method
      self.saved = saved
      self.savedInInstances = savedInInstances
    }
  }
}
