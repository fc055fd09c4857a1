import WhatIf

/// `inspect --format json`, schema version 1 (DESIGN.md section 4): what a livepatch
/// module patches and what its livepatch metadata costs.
public struct InspectReport: Codable, Sendable, Equatable {
  public var schemaVersion = 1
  public var file: String
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

  /// Heap allocations through kmalloc size classes.
  public struct Heap: Codable, Sendable, Equatable {
    public var allocations: [Allocation]
    public var bytes: UInt64
  }

  /// The size facts of one klp type.
  public struct TypeSize: Codable, Sendable, Equatable {
    public var name: String
    public var size: UInt64
    public var alignment: UInt64
    public var members: Int
    public var holeBytes: UInt64
    public var paddingBytes: UInt64
    public var cachelines: UInt64
    /// Bytes of the embedded `struct kobject`, if the type has one.
    public var kobjectBytes: UInt64?
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
  }

  public struct Patch: Codable, Sendable, Equatable {
    public var symbol: String
    public var replace: Bool
    public var objects: [Object]
    public var states: [State]
    /// `static` for klp_patch data in the file; `kpatch records` or `klp-build
    /// records` for a patch the init code builds.
    public var source: String = "static"

    public init(symbol: String, replace: Bool, objects: [Object], states: [State], source: String = "static") {
      self.symbol = symbol
      self.replace = replace
      self.objects = objects
      self.states = states
      self.source = source
    }
  }

  public struct Object: Codable, Sendable, Equatable {
    /// `klp_object.name`: nil for vmlinux.
    public var name: String?
    /// The module patched, `vmlinux` when `name` is NULL.
    public var target: String
    /// The static array the object's `funcs` points at.
    public var funcsSymbol: String?
    public var funcs: [Func]
    /// The callbacks set, by member name, with the function each points at.
    public var callbacks: [String: String]
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

  public struct Totals: Codable, Sendable, Equatable {
    /// Bytes of every static klp variable, sentinels included.
    public var staticBytes: UInt64
    public var objects: Int
    public var funcs: Int
  }
}
