import WhatIf

/// `whatif --format json`, schema version 1 (DESIGN.md section 4).
public struct WhatIfDocument: Codable, Sendable, Equatable {
  public var schemaVersion = 1
  public var file: String
  public var machine: String
  public var nops: UInt64
  public var dynamicObjects: UInt64
  /// Designs of the preset, or one design named `edits` for explicit edits.
  public var designs: [Design]

  public struct Design: Codable, Sendable, Equatable {
    public var id: String
    public var sizes: [String: UInt64]
    public var staticBytes: UInt64
    public var dynamicBytes: UInt64
    public var totalBytes: UInt64
    /// Total bytes minus the base design's (0 for base itself).
    public var deltaVsBase: Int64
    public var allocations: [Allocation]
    public var steps: [Step]
    public var notes: [String]
  }

  public struct Step: Codable, Sendable, Equatable {
    public var structName: String
    public var text: String
    public var sizeBefore: UInt64
    public var sizeAfter: UInt64
  }

  public init(file: String, machine: String, demand: NoOpDemand, costs: [DesignCost]) {
    self.file = file
    self.machine = machine
    self.nops = demand.nops
    self.dynamicObjects = demand.dynamicObjects
    let base = costs.first { $0.id == .base }?.totalBytes ?? 0
    self.designs = costs.map { c in
      Design(
        id: c.id.rawValue, sizes: c.sizes, staticBytes: c.staticBytes, dynamicBytes: c.dynamicBytes,
        totalBytes: c.totalBytes, deltaVsBase: Int64(bitPattern: c.totalBytes &- base),
        allocations: c.allocations,
        steps: c.steps.map { Step(structName: $0.structName, text: $0.text, sizeBefore: $0.sizeBefore, sizeAfter: $0.sizeAfter) },
        notes: c.notes)
    }
  }
}
