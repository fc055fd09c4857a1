import ReportSchema
import WhatIf

extension PatchShape {
  /// The patch as `klp_add_nops()` sees it. A func without `old_name` never gets
  /// past `klp_init_func()`, so it cannot be replaced and is left out.
  public init(_ patch: InspectReport.Patch) {
    self.init(
      objects: patch.objects.map { object in
        ObjectShape(
          name: object.name,
          funcs: object.funcs.compactMap { f in
            f.oldName.map { FuncShape(oldName: $0, sympos: f.oldSympos) }
          })
      })
  }
}

extension NoOpPlan {
  /// What `klp_add_nops()` allocates when `patch` (with `replace` set) replaces the
  /// `older` patches, in the order they were loaded.
  public init(replacing older: [InspectReport.Patch], by patch: InspectReport.Patch) {
    self.init(replacing: older.map(PatchShape.init), by: PatchShape(patch))
  }
}

extension NoOpDemand {
  /// The counts of `NoOpPlan(replacing:by:)`.
  public init(replacing older: [InspectReport.Patch], by patch: InspectReport.Patch) {
    self = NoOpPlan(replacing: older, by: patch).demand
  }
}
