import ReportSchema

/// The checks `whatif --replaces` makes before pricing: a replaced module must be a
/// livepatch built for the same machine and the same klp struct layouts as the new
/// one, or the sum of their bytes means nothing.
public enum ReplacedModules {
  /// Why `old` cannot be priced as replaced by `new`, or nil when it can.
  public static func mismatch(new: InspectReport, old: InspectReport) -> String? {
    guard old.livepatch, !old.patches.isEmpty else {
      return
        "\(old.file): not a livepatch module (no klp_patch and no kpatch/klp-build records), so \(new.file) cannot replace it"
    }
    if old.machine != new.machine || old.pointerSize != new.pointerSize
      || old.byteOrder != new.byteOrder
    {
      return
        "\(old.file) is built for \(old.machine) (\(old.pointerSize)-byte pointers, \(old.byteOrder)) but \(new.file) for "
        + "\(new.machine) (\(new.pointerSize)-byte pointers, \(new.byteOrder)): a patch replaces only patches of its own kernel"
    }
    let newSizes = Dictionary(new.types.map { ($0.name, $0.size) }) { a, _ in a }
    for type in old.types {
      if let size = newSizes[type.name], size != type.size {
        return
          "\(old.file) has struct \(type.name) of \(type.size) bytes but \(new.file) of \(size): "
          + "they are built against different kernels"
      }
    }
    return nil
  }
}
