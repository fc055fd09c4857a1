import LayoutModel
import WhatIf

/// `whatif` (docs/json.md, docs/whatif.md): the designs priced for one module, the
/// kernel's own design first, with what each byte costs and for how long. Also carries
/// the edited layouts (encoded as layout entries, and as model values for the text).
public struct WhatIfDocument: Encodable, Sendable, Equatable {
  public var schemaVersion = reportSchemaVersion
  public var file: String
  /// The path's exact bytes in hex when they are not UTF-8 (`file` then has U+FFFD for
  /// each byte that is not); absent for a UTF-8 path.
  public var pathBytes: String?
  /// The separate debug file the DWARF came from, when not `file`.
  public var debugFile: String?
  /// For a module read without DWARF (stripped, or `--source btf`), as `inspect` says
  /// it: where the klp structs' layouts came from, the file, and `symbols` for the klp
  /// variables. Absent for DWARF.
  public var typeSource: String?
  public var typesFrom: String?
  public var variablesFrom: String?
  public var machine: String
  /// The livepatch modules `--replaces` named, in load order (with `--replaces live`,
  /// the loaded patches, in stack order).
  public var replaces: [String]
  /// With `--replaces live`: the root whose loaded stack was priced (`/` unless `--root`).
  public var live: String?
  /// Whether the new patch sets `replace` (only then does `klp_add_nops()` run).
  public var replace: Bool
  /// The no-op count is a `--nops` count, not the no-ops `klp_add_nops()` makes: every
  /// transient byte is hypothetical (and, for a module without `replace`, more than the
  /// kernel will allocate).
  public var hypothetical: Bool
  /// The design the module's own headers implement (`A-embedded` when `klp_func`
  /// has `node`); nil for explicit edits, which compare against `current`.
  public var kernelDesign: String?
  /// The design the others' deltas are taken against: `kernelDesign`, or `current`.
  public var referenceDesign: String
  /// One sentence: the reference design, and what replacing costs in it.
  public var headline: String
  /// The no-ops `klp_add_nops()` allocates, and the objects it allocates dynamically;
  /// empty for a hypothetical `--nops` count.
  public var nops: [NoOp]
  public var dynamicObjects: [DynamicObject]
  public var nopCount: UInt64
  public var dynamicObjectCount: UInt64
  /// Static klp bytes of the replaced modules, and the heap they hold until the
  /// transition ends (`struct klp_ops` of the functions only they patch).
  public var replacedStaticBytes: UInt64
  public var replacedHeapBytes: UInt64
  public var replacedAllocations: [HeapAllocation]
  /// Reference design first, then the alternatives.
  public var designs: [Design]
  public var notPriced: [NotPriced]
  public var notes: [String]
  /// Each distinct edited layout once, in design order.
  public var layouts: [EditedLayout]

  /// A layout a design produced.
  public struct EditedLayout: Encodable, Sendable, Equatable {
    public var design: String
    public var type: LayoutDocument.TypeEntry
    public var layout: StructLayout
    public var table: TypeTable

    enum CodingKeys: String, CodingKey { case design, type }
  }

  public struct Design: Encodable, Sendable, Equatable {
    public var id: String
    public var sizes: [TypeSize]
    public var staticBytes: UInt64
    public var permanentBytes: UInt64
    public var transientBytes: UInt64
    /// permanent + transient + the replaced modules' bytes.
    public var peakBytes: UInt64
    /// Against the reference design; nil for the reference itself.
    public var delta: Delta?
    public var allocations: [HeapAllocation]
    public var steps: [Step]
    public var notes: [String]
    /// The design whose bytes this one repeats, if any.
    public var sameAs: String?
  }

  public struct TypeSize: Encodable, Sendable, Equatable {
    public var type: TypeKey
    public var size: UInt64
  }

  public struct Delta: Encodable, Sendable, Equatable {
    public var permanentBytes: Int64
    public var transientBytes: Int64
    public var peakBytes: Int64
  }

  public struct Step: Encodable, Sendable, Equatable {
    public var type: TypeKey
    public var text: String
    public var sizeBefore: UInt64
    public var sizeAfter: UInt64
  }

  /// What the command knows besides the costs.
  public struct Context: Sendable {
    public var file: String
    /// `file` as sentences name it: its bytes escaped as messages write paths (`\xff`
    /// for a byte that is not UTF-8), where `file` (JSON's) has U+FFFD.
    public var shownFile: String?
    public var debugFile: String?
    public var machine: String
    public var replaces: [String]
    public var replace: Bool
    /// For a records-based module: its format (its init code decides `replace`).
    public var recordsSource: String?
    public var kernelDesign: DesignID?
    public var workload: Workload
    public var replacedAllocations: [HeapAllocation]
    public var notPriced: [NotPriced]
    public var notes: [String]

    public init(
      file: String, debugFile: String?, machine: String, replaces: [String], replace: Bool,
      kernelDesign: DesignID?,
      workload: Workload, replacedAllocations: [HeapAllocation], notPriced: [NotPriced],
      notes: [String], recordsSource: String? = nil
    ) {
      self.recordsSource = recordsSource
      self.file = file
      self.debugFile = debugFile
      self.machine = machine
      self.replaces = replaces
      self.replace = replace
      self.kernelDesign = kernelDesign
      self.workload = workload
      self.replacedAllocations = replacedAllocations
      self.notPriced = notPriced
      self.notes = notes
    }
  }

  public init(_ context: Context, costs: [DesignCost]) {
    file = context.file
    debugFile = context.debugFile
    machine = context.machine
    replaces = context.replaces
    replace = context.replace
    kernelDesign = context.kernelDesign?.rawValue
    nops = context.workload.plan?.nops ?? []
    dynamicObjects = context.workload.plan?.dynamicObjects ?? []
    nopCount = context.workload.demand.nops
    dynamicObjectCount = context.workload.demand.dynamicObjects
    replacedStaticBytes = context.workload.replacedStaticBytes
    replacedAllocations = context.replacedAllocations
    replacedHeapBytes = context.replacedAllocations.reduce(0) { $0 &+ $1.totalBytes }
    notPriced = context.notPriced
    notes = Self.notes(context)
    hypothetical = Self.isHypothetical(context)
    let replaced = replacedStaticBytes &+ replacedHeapBytes
    let referenceID = context.kernelDesign ?? .current
    let ordered = costs.filter { $0.id == referenceID } + costs.filter { $0.id != referenceID }
    referenceDesign = (ordered.first?.id ?? referenceID).rawValue
    let reference = ordered.first
    designs = ordered.map { c in
      let peak = c.peakBytes(replacedBytes: replaced)
      var delta: Delta?
      if let reference, c.id != reference.id {
        delta = Delta(
          permanentBytes: Self.difference(c.permanentBytes, reference.permanentBytes),
          transientBytes: Self.difference(c.transientBytes, reference.transientBytes),
          peakBytes: Self.difference(peak, reference.peakBytes(replacedBytes: replaced)))
      }
      return Design(
        id: c.id.rawValue,
        sizes: c.sizes.keys.sorted().map { TypeSize(type: .structure($0), size: c.sizes[$0]!) },
        staticBytes: c.staticBytes, permanentBytes: c.permanentBytes,
        transientBytes: c.transientBytes, peakBytes: peak,
        delta: delta, allocations: c.allocations,
        steps: c.steps.map {
          Step(
            type: .structure($0.structName), text: $0.text, sizeBefore: $0.sizeBefore,
            sizeAfter: $0.sizeAfter)
        },
        notes: c.notes, sameAs: c.sameAs?.rawValue)
    }
    headline = Self.headline(context, reference: designs.first)
    layouts = Self.editedLayouts(costs)
  }

  /// Each distinct edited layout once, in design order.
  static func editedLayouts(_ costs: [DesignCost]) -> [EditedLayout] {
    var seen = Set<LayoutDocument.TypeEntry>()
    var layouts: [EditedLayout] = []
    for cost in costs {
      for step in cost.steps {
        guard let layout = cost.result.layout(of: step.structName) else { continue }
        let entry = LayoutDocument.entry(layout, table: cost.result.table)
        guard seen.insert(entry).inserted else { continue }
        layouts.append(
          EditedLayout(
            design: cost.id.rawValue, type: entry, layout: layout, table: cost.result.table))
      }
    }
    return layouts
  }

  static func difference(_ a: UInt64, _ b: UInt64) -> Int64 { Int64(bitPattern: a &- b) }
}
