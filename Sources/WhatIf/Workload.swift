/// What the designs are priced for: the no-ops atomic replace allocates, the
/// functions the new patch redirects, and what the replaced patches hold meanwhile.
public struct Workload: Hashable, Sendable {
  /// No-op funcs per object and dynamic objects.
  public var demand: NoOpDemand
  /// The no-ops and dynamic objects by name (from `--replaces`); `nil` for a
  /// hypothetical count, whose strings cannot be priced.
  public var plan: NoOpPlan?
  /// Distinct functions the new patch redirects: one `struct klp_ops` each.
  public var patchedFunctions: UInt64
  /// `sizeof(struct klp_ops)` when some file in hand defines it (it lives in
  /// kernel/livepatch/patch.h, so a module's DWARF has it only by accident).
  public var opsSize: UInt64?
  /// Static klp bytes of the replaced patch modules, loaded until the transition ends.
  public var replacedStaticBytes: UInt64
  /// For a records-based module (kpatch, klp-build): funcs per object of the patch
  /// its init code builds, priced at each design's sizes (`InitHeap`).
  public var initFuncsPerObject: [UInt64]?

  public init(
    demand: NoOpDemand, plan: NoOpPlan? = nil, patchedFunctions: UInt64 = 0, opsSize: UInt64? = nil,
    replacedStaticBytes: UInt64 = 0
  ) {
    self.demand = demand
    self.plan = plan
    self.patchedFunctions = patchedFunctions
    self.opsSize = opsSize
    self.replacedStaticBytes = replacedStaticBytes
  }

  /// `plan`'s counts, for a patch replacing others.
  public init(
    plan: NoOpPlan, patchedFunctions: UInt64, opsSize: UInt64?, replacedStaticBytes: UInt64
  ) {
    self.init(
      demand: plan.demand, plan: plan, patchedFunctions: patchedFunctions, opsSize: opsSize,
      replacedStaticBytes: replacedStaticBytes)
  }
}

/// Something the model leaves out, by name, with the reason.
public struct NotPriced: Hashable, Sendable, Codable {
  public var item: String
  public var reason: String

  public init(item: String, reason: String) {
    self.item = item
    self.reason = reason
  }
}
