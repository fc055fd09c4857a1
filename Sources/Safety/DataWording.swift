import LayoutModel

/// Reasons and remedies of changed initial contents, resized objects without DWARF and
/// removed variables. A livepatch replaces functions and never data (klp-diff stops
/// with "changed data: <symbol>"): the running kernel keeps the original object.
enum DataWording {
  static func initializer(
    _ v: VariableEntity, value: ChangedValue, old: DataContents, new: DataContents, type: String?,
    isTable: Bool
  ) -> SafetyChange {
    let name = v.qualifiedName
    let place = value.at.map { "\(name)\($0)" } ?? name
    let section = new.section.isEmpty ? "" : " (in \(new.section))"
    let reason =
      "\(place) is initialized to \(value.new) instead of \(value.old) in the patched build\(section), "
      + "but a livepatch does not replace data: the running kernel keeps its \(name) as it is, "
      + "and the new initial value never takes effect."
    return SafetyChange(
      entity: .variable, name: name, change: .initializer, severity: .unsafe, reason: reason,
      remedy: remedy(for: v, section: new.section, isTable: isTable),
      old: .init(size: old.size, type: type, initial: value.old),
      new: .init(size: new.size, type: type, initial: value.new), at: value.at)
  }

  /// What to do instead depends on whether the code may write the object.
  static func remedy(for v: VariableEntity, section: String, isTable: Bool) -> String {
    let name = v.qualifiedName
    if section.hasPrefix(".init") {
      return
        "\(name) belongs to init code, which has already run (and been freed) in the running kernel: do what the new initial value would have done from a pre-patch callback (klp_callbacks.pre_patch), or leave it unchanged."
    }
    if section.hasPrefix(".rodata") || section.hasPrefix(".data.rel.ro") {
      return
        "Give the changed \(isTable ? "table" : "constant") a new name (a new const object of the patch) and make the patched functions use it, so the patch carries its own copy; keep \(name) unchanged."
    }
    let perCPU =
      section.hasPrefix(".data..percpu") ? " (for each possible CPU, for a per-CPU variable)" : ""
    return
      "Keep the initializer of \(name) unchanged; set the new value from a pre-patch callback\(perCPU) (klp_callbacks.pre_patch, undone in post_unpatch), or keep the new state in a shadow variable (klp_shadow_get_or_alloc())."
  }

  /// An object without DWARF (compiler-made) whose size changed.
  static func resized(_ v: VariableEntity, from old: UInt64, to new: UInt64) -> SafetyChange {
    let name = v.qualifiedName
    return SafetyChange(
      entity: .variable, name: name, change: .size, severity: .unsafe,
      reason:
        "\(name) changed size from \(Wording.size(old)) to \(Wording.size(new)), but the running kernel keeps the original object.",
      remedy:
        "Keep \(name) as it is; put what the patch needs in a new object of the patch or in a shadow variable (klp_shadow_get_or_alloc()).",
      old: .init(size: old), new: .init(size: new))
  }

  static func removed(_ v: VariableEntity, type: String?) -> SafetyChange {
    let name = v.qualifiedName
    let holder = v.function.map { " (a static of \($0))" } ?? ""
    return SafetyChange(
      entity: .variable, name: name, change: .removed, severity: .warning,
      reason:
        "\(name)\(holder) is in the original build only: the running kernel keeps it, and code the patch does not replace may still use it (klp-diff warns \"no correlation\").",
      remedy: v.function == nil
        ? "Check that no unpatched code still relies on \(name), or keep it."
        : "If the state \(name) holds matters after patching, keep a reference to it in \(v.function!) so the patched function uses the running kernel's copy (kpatch patch-author guide, \"Removing references to static local variables\").",
      old: .init(size: v.contents?.size, type: type), new: .init(),
      origin: .init(old: v.origin, new: nil))
  }
}
