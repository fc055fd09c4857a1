import LayoutModel

/// How many no-op funcs and dynamic objects atomic replace must allocate.
public struct NoOpDemand: Hashable, Sendable, Codable {
  /// No-op funcs per object that gets any (existing or dynamic objects alike).
  public var funcsPerObject: [UInt64]
  /// Objects of the replaced patches that this patch lacks: allocated dynamically.
  public var dynamicObjects: UInt64

  public init(funcsPerObject: [UInt64], dynamicObjects: UInt64) {
    self.funcsPerObject = funcsPerObject
    self.dynamicObjects = dynamicObjects
  }

  /// `--nops N`: all in one object.
  public init(nops: UInt64, dynamicObjects: UInt64 = 0) {
    self.init(funcsPerObject: nops > 0 ? [nops] : [], dynamicObjects: dynamicObjects)
  }

  public var nops: UInt64 { funcsPerObject.reduce(0, &+) }
}

/// A static klp variable as the cost model needs it.
public struct StaticArrayCount: Hashable, Sendable {
  public var elementType: String
  public var count: UInt64
  public init(elementType: String, count: UInt64) {
    self.elementType = elementType
    self.count = count
  }
}

/// The designs of the 2017 atomic-replace thread, priced for one module.
public enum DesignID: String, CaseIterable, Sendable, Codable {
  case base
  case aEmbedded = "A-embedded"
  case bWrapper = "B-wrapper"
  case cConfigOff = "C-config-off"
  case cConfigOn = "C-config-on"
  case dDynArray = "D-dyn-array"
  /// Explicit edits: the file as it is, and the file with the edits.
  case current
  case edits
}

/// One design's bill.
public struct DesignCost: Sendable {
  public var id: DesignID
  /// sizeof of the klp structs (and the wrapper, for B) in this design.
  public var sizes: [String: UInt64]
  public var staticBytes: UInt64
  public var dynamicBytes: UInt64
  public var allocations: [Allocation]
  /// What the design changes, step by step, with the size each step gives.
  public var steps: [Explanation]
  public var notes: [String]
  /// The edited types, for printing their layouts.
  public var result: WhatIfEngine.Result

  public var totalBytes: UInt64 { staticBytes &+ dynamicBytes }
}

/// One kind of heap allocation a design makes.
public struct Allocation: Hashable, Sendable, Codable {
  /// What is allocated (`struct klp_func_no_op`, `struct klp_func[4]`).
  public var what: String
  public var count: UInt64
  /// The size asked of kmalloc, the cache that serves it, and the bytes it takes.
  public var requested: UInt64
  public var cache: String
  public var bytes: UInt64

  public init(what: String, count: UInt64, requested: UInt64, cache: String, bytes: UInt64) {
    self.what = what
    self.count = count
    self.requested = requested
    self.cache = cache
    self.bytes = bytes
  }

  public var totalBytes: UInt64 { count &* bytes }
}
