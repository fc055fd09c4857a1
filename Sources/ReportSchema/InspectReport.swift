import LayoutModel
import WhatIf

/// The format of a records-based livepatch module, whose init code builds the klp
/// structs: kpatch (`.kpatch.funcs`) or klp-build (`.init.klp_objects`).
public enum RecordFormat: String, Codable, Sendable {
  case kpatch
  case klpBuild = "klp-build"
}

/// `inspect`: one entry per module given, in the order given (docs/json.md).
public struct InspectDocument: Encodable, Sendable, Equatable {
  public var schemaVersion = reportSchemaVersion
  public var modules: [InspectReport]

  public init(modules: [InspectReport]) { self.modules = modules }
}

/// What a livepatch module patches and what its livepatch metadata costs.
public struct InspectReport: Encodable, Sendable, Equatable {
  public var file: String
  /// The path's exact bytes in hex when they are not UTF-8 (`file` then has U+FFFD for
  /// each byte that is not); absent for a UTF-8 path.
  public var pathBytes: String?
  /// The separate debug file the DWARF came from, when not `file`.
  public var debugFile: String?
  /// For a module read without DWARF (stripped, or `--source btf`): where the klp
  /// structs' layouts came from (`btf` or `dwarf`, and the file), and that the klp
  /// variables were found through the symbol table (`symbols`). Absent for DWARF.
  public var typeSource: String?
  public var typesFrom: String?
  public var variablesFrom: String?
  public var machine: String
  public var pointerSize: Int
  public var byteOrder: String
  /// Whether any klp structure was found.
  public var livepatch: Bool
  /// Whether `.modinfo` carries `livepatch=Y` (what the kernel checks).
  public var modinfoLivepatch: Bool
  public var types: [TypeSize]
  public var arrays: [StaticArray]
  public var patches: [Patch]
  public var totals: Totals
  /// For records-based modules (kpatch, klp-build): the format, and the heap its init
  /// code allocates for the klp structs (nil when their sizes are unknown here).
  public var records: RecordFormat?
  public var heap: Heap?
  /// The klp types' layouts and the table naming their members, for pictures; not
  /// encoded (the JSON has their sizes in `types`).
  public var layouts: [StructLayout] = []
  public var table: TypeTable?

  enum CodingKeys: String, CodingKey {
    case file, pathBytes, debugFile, typeSource, typesFrom, variablesFrom, machine, pointerSize,
      byteOrder,
      livepatch, modinfoLivepatch, types, arrays, patches, totals, records, heap
  }

  /// Heap allocations through kmalloc size classes.
  public struct Heap: Encodable, Sendable, Equatable {
    public var allocations: [Allocation]
    public var bytes: UInt64

    public init(allocations: [Allocation], bytes: UInt64) {
      self.allocations = allocations
      self.bytes = bytes
    }
  }

  /// The size facts of one klp type.
  public struct TypeSize: Encodable, Sendable, Equatable {
    public var name: String
    /// Always `struct`: the klp types are structs.
    public var kind = TypeKind.structure
    public var size: UInt64
    public var alignment: UInt64
    public var members: Int
    public var holeBytes: UInt64
    public var paddingBytes: UInt64
    public var cachelines: UInt64
    /// Bytes of the embedded `struct kobject`, if the type has one.
    public var kobjectBytes: UInt64?

    public init(
      name: String, kind: TypeKind = .structure, size: UInt64, alignment: UInt64, members: Int,
      holeBytes: UInt64, paddingBytes: UInt64, cachelines: UInt64, kobjectBytes: UInt64? = nil
    ) {
      self.name = name
      self.kind = kind
      self.size = size
      self.alignment = alignment
      self.members = members
      self.holeBytes = holeBytes
      self.paddingBytes = paddingBytes
      self.cachelines = cachelines
      self.kobjectBytes = kobjectBytes
    }
  }

  /// One static variable of a klp type (an array, or a single struct as one element).
  public struct StaticArray: Codable, Sendable, Equatable {
    public var symbol: String
    public var elementType: String
    public var count: UInt64
    /// Elements before the zeroed sentinel (all of them when there is none).
    public var entries: UInt64
    public var sentinel: Bool
    public var bytes: UInt64
    public var section: String

    enum CodingKeys: String, CodingKey {
      case symbol, elementType, count, entries, sentinel, bytes, section
    }

    /// Reads the element type as `{name, kind}` or as a bare name (older oracles).
    public init(from decoder: any Decoder) throws {
      let c = try decoder.container(keyedBy: CodingKeys.self)
      symbol = try c.decode(String.self, forKey: .symbol)
      if let key = try? c.decode(TypeKey.self, forKey: .elementType) {
        elementType = key.name
      } else {
        elementType = try c.decode(String.self, forKey: .elementType)
      }
      count = try c.decode(UInt64.self, forKey: .count)
      entries = try c.decode(UInt64.self, forKey: .entries)
      sentinel = try c.decode(Bool.self, forKey: .sentinel)
      bytes = try c.decode(UInt64.self, forKey: .bytes)
      section = try c.decode(String.self, forKey: .section)
    }

    /// The element type is a struct, encoded as every type is: `{name, kind}`.
    public func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(symbol, forKey: .symbol)
      try c.encode(TypeKey.structure(elementType), forKey: .elementType)
      try c.encode(count, forKey: .count)
      try c.encode(entries, forKey: .entries)
      try c.encode(sentinel, forKey: .sentinel)
      try c.encode(bytes, forKey: .bytes)
      try c.encode(section, forKey: .section)
    }

    public init(
      symbol: String, elementType: String, count: UInt64, entries: UInt64, sentinel: Bool,
      bytes: UInt64, section: String
    ) {
      self.symbol = symbol
      self.elementType = elementType
      self.count = count
      self.entries = entries
      self.sentinel = sentinel
      self.bytes = bytes
      self.section = section
    }
  }

  public struct Patch: Encodable, Sendable, Equatable {
    public var symbol: String
    public var replace: Bool
    public var objects: [Object]
    public var states: [State]
    /// `static` for klp_patch data in the file; `kpatch records` or `klp-build
    /// records` for a patch the init code builds.
    public var source: String = "static"

    public init(
      symbol: String, replace: Bool, objects: [Object], states: [State], source: String = "static"
    ) {
      self.symbol = symbol
      self.replace = replace
      self.objects = objects
      self.states = states
      self.source = source
    }
  }

  public struct Object: Encodable, Sendable, Equatable {
    /// `klp_object.name`: nil for vmlinux.
    public var name: String?
    /// The module patched, `vmlinux` when `name` is NULL.
    public var target: String
    /// The static array the object's `funcs` points at.
    public var funcsSymbol: String?
    public var funcs: [Func]
    /// The callbacks set, by member name, with the function each points at.
    public var callbacks: [String: String]

    public init(
      name: String? = nil, target: String, funcsSymbol: String? = nil, funcs: [Func],
      callbacks: [String: String]
    ) {
      self.name = name
      self.target = target
      self.funcsSymbol = funcsSymbol
      self.funcs = funcs
      self.callbacks = callbacks
    }
  }

  public struct Func: Codable, Sendable, Equatable {
    public var oldName: String?
    public var newFunc: String?
    public var oldSympos: UInt64

    public init(oldName: String?, newFunc: String?, oldSympos: UInt64) {
      self.oldName = oldName
      self.newFunc = newFunc
      self.oldSympos = oldSympos
    }
  }

  public struct State: Codable, Sendable, Equatable {
    public var id: UInt64
    public var version: UInt64

    public init(id: UInt64, version: UInt64) {
      self.id = id
      self.version = version
    }
  }

  public struct Totals: Encodable, Sendable, Equatable {
    /// Bytes of every static klp variable, sentinels included.
    public var staticBytes: UInt64
    public var objects: Int
    public var funcs: Int

    public init(staticBytes: UInt64, objects: Int, funcs: Int) {
      self.staticBytes = staticBytes
      self.objects = objects
      self.funcs = funcs
    }
  }

  public init(
    file: String, debugFile: String? = nil, machine: String, pointerSize: Int, byteOrder: String,
    livepatch: Bool, modinfoLivepatch: Bool, types: [TypeSize], arrays: [StaticArray],
    patches: [Patch], totals: Totals, records: RecordFormat? = nil, heap: Heap? = nil
  ) {
    self.file = file
    self.debugFile = debugFile
    self.machine = machine
    self.pointerSize = pointerSize
    self.byteOrder = byteOrder
    self.livepatch = livepatch
    self.modinfoLivepatch = modinfoLivepatch
    self.types = types
    self.arrays = arrays
    self.patches = patches
    self.totals = totals
    self.records = records
    self.heap = heap
  }
}
