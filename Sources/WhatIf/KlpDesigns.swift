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
  /// The element size as built, for types no design edits and the design's types
  /// may lack (kpatch and klp-build record structs).
  public var elementSize: UInt64?

  public init(elementType: String, count: UInt64, elementSize: UInt64? = nil) {
    self.elementType = elementType
    self.count = count
    self.elementSize = elementSize
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

/// When a heap allocation or a static byte is freed: `permanent` ones live while the
/// patch module is loaded (its static klp arrays, `struct klp_ops` while patched);
/// `transient` ones only while the transition to it runs (`klp_add_nops()` allocates
/// the no-ops in `klp_init_patch()`, `klp_complete_transition()` →
/// `klp_discard_nops()` frees them).
public enum Lifetime: String, Sendable, Codable {
  case permanent
  case transient
}

/// One design's bill.
public struct DesignCost: Sendable {
  public var id: DesignID
  /// sizeof of the klp structs (and the wrapper, for B) in this design.
  public var sizes: [String: UInt64]
  /// Every element of every static klp array at this design's sizes: permanent.
  public var staticBytes: UInt64
  public var allocations: [HeapAllocation]
  /// What the design changes, step by step, with the size each step gives.
  public var steps: [Explanation]
  public var notes: [String]
  /// The design whose bytes this one repeats (C-config-off is base, C-config-on is A).
  public var sameAs: DesignID?
  /// The edited types, for printing their layouts.
  public var result: WhatIfEngine.Result

  /// Held while the patch module is loaded: static klp data and permanent allocations.
  public var permanentBytes: UInt64 { staticBytes &+ bytes(.permanent) }
  /// Held only during the transition: the no-op path's allocations.
  public var transientBytes: UInt64 { bytes(.transient) }

  /// The most held at once: this patch in transition plus what the replaced patches
  /// still hold until it completes.
  public func peakBytes(replacedBytes: UInt64) -> UInt64 {
    permanentBytes &+ transientBytes &+ replacedBytes
  }

  func bytes(_ lifetime: Lifetime) -> UInt64 {
    allocations.filter { $0.lifetime == lifetime }.reduce(0) { $0 &+ $1.totalBytes }
  }
}

/// One kind of heap allocation, `count` times, priced through the kmalloc caches.
public struct HeapAllocation: Hashable, Sendable, Codable {
  /// The kernel function that allocates it and how (`klp_alloc_func_nop(): kzalloc`).
  public var purpose: String
  /// The type allocated; `nil` for a string (`kstrdup`).
  public var type: TypeKey?
  /// Elements of a `kcalloc`ed array; `nil` for one struct or a string.
  public var elements: UInt64?
  public var count: UInt64
  /// The size asked of kmalloc, the cache that serves it, and the bytes it takes.
  public var requested: UInt64
  public var cache: String
  public var bytes: UInt64
  public var lifetime: Lifetime
  public var totalBytes: UInt64

  public init(
    purpose: String, type: TypeKey?, elements: UInt64? = nil, count: UInt64, requested: UInt64,
    lifetime: Lifetime,
    kmalloc: KmallocClasses
  ) {
    self.purpose = purpose
    self.type = type
    self.elements = elements
    self.count = count
    self.requested = requested
    (self.bytes, self.cache) = kmalloc.allocation(requested)
    self.lifetime = lifetime
    self.totalBytes = count &* bytes
  }

  /// How it reads in a report: `struct klp_func`, `struct klp_func[4]`, `string`.
  public var what: String {
    guard let type else { return "string" }
    return type.spelling + (elements.map { "[\($0)]" } ?? "")
  }
}

/// One kind of heap allocation a records-based module's init code makes (`inspect`).
public struct Allocation: Hashable, Sendable, Codable {
  /// What is allocated (`struct klp_patch`, `struct klp_func[4]`).
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
