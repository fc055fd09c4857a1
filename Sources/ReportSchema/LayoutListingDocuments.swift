import LayoutModel

/// `layout --sizes`: name, kind, size and byte holes per type shown, as pahole
/// `--sizes` lists them (enums: holes 0).
public struct LayoutSizesDocument: Encodable, Sendable, Equatable {
  public var schemaVersion = reportSchemaVersion
  public var file: String
  /// The path's exact bytes in hex when they are not UTF-8 (`file` then has U+FFFD for
  /// each byte that is not); absent for a UTF-8 path.
  public var pathBytes: String?
  public var debugFile: String?
  public var machine: String
  /// `dwarf` or `btf`: where the types were read from.
  public var typeSource: TypeSource
  public var sizes: [Entry]

  public struct Entry: Encodable, Sendable, Equatable {
    public var name: String
    /// `struct`, `union`, `class` or `enum`.
    public var kind: TypeKind
    public var size: UInt64
    public var holes: Int
  }

  public init(
    file: String, debugFile: String?, machine: String, typeSource: TypeSource, items: [LayoutItem]
  ) {
    self.file = file
    self.debugFile = debugFile
    self.machine = machine
    self.typeSource = typeSource
    self.sizes = items.map { item in
      switch item {
      case .aggregate(let l):
        return Entry(name: l.name ?? "", kind: TypeKind(l.kind), size: l.size, holes: l.holeCount)
      case .enumeration(let e):
        return Entry(name: e.name, kind: .enumeration, size: e.byteSize ?? 0, holes: 0)
      }
    }
  }
}

/// `layout --contains` and `--find-pointers-to`: the question and its answers.
public struct LayoutQueryDocument: Encodable, Sendable, Equatable {
  public var schemaVersion = reportSchemaVersion
  public var file: String
  /// The path's exact bytes in hex when they are not UTF-8 (`file` then has U+FFFD for
  /// each byte that is not); absent for a UTF-8 path.
  public var pathBytes: String?
  public var debugFile: String?
  public var machine: String
  public var typeSource: TypeSource
  /// The type asked about; `kind` is absent when the user gave a bare name.
  public var target: Target
  /// `--contains`: the structs and unions with a member of the target type.
  public var containers: [TypeKey]?
  /// `--find-pointers-to`: the members declared as a pointer to the target.
  public var pointers: [Pointer]?

  public struct Target: Encodable, Sendable, Equatable {
    public var name: String
    public var kind: TypeKind?
    public init(name: String, kind: TypeKind?) {
      self.name = name
      self.kind = kind
    }
  }

  public struct Pointer: Encodable, Sendable, Equatable {
    /// The struct or union holding the member.
    public var type: TypeKey
    public var member: String
    public init(type: TypeKey, member: String) {
      self.type = type
      self.member = member
    }
  }

  public init(
    file: String, debugFile: String?, machine: String, typeSource: TypeSource, target: Target,
    containers: [TypeKey]? = nil,
    pointers: [Pointer]? = nil
  ) {
    self.file = file
    self.debugFile = debugFile
    self.machine = machine
    self.typeSource = typeSource
    self.target = target
    self.containers = containers
    self.pointers = pointers
  }
}
