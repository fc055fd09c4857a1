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
  /// Whether the proposals re-sort whole structs (`--full-reorder`) instead of
  /// moving the fewest members (the default).
  public var fullReorder = false
  /// Each proposal's layout and the table naming its members, by type.
  public var proposedLayouts: [TypeKey: ProposedLayout] = [:]

  enum CodingKeys: String, CodingKey {
    case schemaVersion, file, pathBytes, debugFile, cachelineSize, typeSource, types, fullReorder
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
    /// The moves that give `proposedSize` (empty with `--full-reorder`, or when no
    /// move saves a byte).
    public var moves: [Move] = []
    /// Bytes of holes and padding that alignment attributes force: holes in front of
    /// members aligned beyond a pointer, and padding the struct's own or its members'
    /// alignment adds beyond what the members' types need.
    public var forcedAlignmentBytes: UInt64 = 0
    /// The members aligned beyond a pointer (each a fixed point no move crosses).
    public var alignedMembers: [String] = []
    /// Without `--full-reorder`: the size a full re-sort reaches when that is smaller
    /// than what the moves give (it moves an end or crosses an aligned member).
    public var fullReorderSize: UInt64?
    /// True when the search for moves stopped at its bound on trial re-layouts (a
    /// struct of thousands of members and holes) with the moves found so far; absent
    /// otherwise.
    public var movesSearchCutShort: Bool?

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

extension AuditDocument {
  /// One member moved (`move prio (4 bytes) into the 4-byte hole after on_cpu`).
  public struct Move: Encodable, Sendable, Equatable {
    /// The member moved: `members[0]`.
    public var member: String
    /// Every member moved with it: one, or a run of bit fields sharing a unit.
    public var members: [String]
    public var size: UInt64
    /// Its offset as built and in the proposed layout.
    public var fromOffset: UInt64
    public var toOffset: UInt64
    /// The member it now follows, and the hole after that member it fills.
    public var after: String
    public var holeBytes: UInt64
    /// How many bytes earlier the members after it end (the holes it closes).
    public var savedBytes: UInt64

    public init(
      members: [String], size: UInt64, fromOffset: UInt64, toOffset: UInt64, after: String,
      holeBytes: UInt64, savedBytes: UInt64
    ) {
      self.member = members.first ?? ""
      self.members = members
      self.size = size
      self.fromOffset = fromOffset
      self.toOffset = toOffset
      self.after = after
      self.holeBytes = holeBytes
      self.savedBytes = savedBytes
    }
  }
}

extension AuditDocument.Entry {
  /// Its waste is all forced by alignment attributes and nothing saves or crosses a
  /// cacheline: a note, not a finding.
  public var isForcedOnly: Bool {
    let waste = holeBytes &+ paddingBytes
    return saved == 0 && straddling.isEmpty && bitHoleBits == 0 && waste > 0
      && waste <= forcedAlignmentBytes
  }
}
