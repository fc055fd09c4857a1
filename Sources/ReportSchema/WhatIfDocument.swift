import LayoutModel
import WhatIf

/// `whatif`: the designs priced for one module, or explicit edits (docs/json.md). Also
/// carries the edited layouts (encoded as layout entries, and as model values for the
/// pahole-style text).
public struct WhatIfDocument: Encodable, Sendable, Equatable {
  public var schemaVersion = reportSchemaVersion
  public var file: String
  public var debugFile: String?
  public var machine: String
  public var nops: UInt64
  public var dynamicObjects: UInt64
  /// Designs of the preset, or `current` and `edits` for explicit edits.
  public var designs: [Design]
  /// Each distinct edited layout once, in design order.
  public var layouts: [EditedLayout]

  public struct Design: Encodable, Sendable, Equatable {
    public var id: String
    public var sizes: [TypeSize]
    public var staticBytes: UInt64
    public var dynamicBytes: UInt64
    public var totalBytes: UInt64
    /// Total bytes minus the first design's (`base`, or `current` for edits).
    public var deltaVsBase: Int64
    public var allocations: [Allocation]
    public var steps: [Step]
    public var notes: [String]
  }

  public struct TypeSize: Encodable, Sendable, Equatable {
    public var name: String
    public var kind: String
    public var size: UInt64
  }

  public struct Step: Encodable, Sendable, Equatable {
    public var type: TypeKey
    public var text: String
    public var sizeBefore: UInt64
    public var sizeAfter: UInt64
  }

  /// A layout a design produced.
  public struct EditedLayout: Encodable, Sendable, Equatable {
    public var design: String
    public var type: LayoutDocument.TypeEntry
    public var layout: StructLayout
    public var table: TypeTable

    enum CodingKeys: String, CodingKey { case design, type }
  }

  public init(file: String, debugFile: String?, machine: String, demand: NoOpDemand, costs: [DesignCost]) {
    self.file = file
    self.debugFile = debugFile
    self.machine = machine
    self.nops = demand.nops
    self.dynamicObjects = demand.dynamicObjects
    let base = costs.first?.totalBytes ?? 0
    self.designs = costs.map { c in
      Design(
        id: c.id.rawValue,
        sizes: c.sizes.sorted { $0.key < $1.key }.map { TypeSize(name: $0.key, kind: "struct", size: $0.value) },
        staticBytes: c.staticBytes, dynamicBytes: c.dynamicBytes, totalBytes: c.totalBytes,
        deltaVsBase: Int64(bitPattern: c.totalBytes &- base), allocations: c.allocations,
        steps: c.steps.map {
          Step(type: TypeKey(name: $0.structName, kind: "struct"), text: $0.text, sizeBefore: $0.sizeBefore, sizeAfter: $0.sizeAfter)
        },
        notes: c.notes)
    }
    var seen = Set<String>()
    var layouts: [EditedLayout] = []
    for cost in costs {
      for step in cost.steps {
        guard let layout = cost.result.layout(of: step.structName) else { continue }
        let entry = LayoutDocument.entry(layout, table: cost.result.table)
        guard seen.insert("\(entry)").inserted else { continue }
        layouts.append(EditedLayout(design: cost.id.rawValue, type: entry, layout: layout, table: cost.result.table))
      }
    }
    self.layouts = layouts
  }
}
