import Livepatch
import ReportSchema
import System
import WhatIf

extension LiveUseCase.Reading {
  /// The loaded patches in `klp_patches` order (stack order; by name when the kernel
  /// shows none: `klp_add_nops()` makes the same no-ops in any order, only which
  /// replaced func each copies its `old_sympos` from can differ).
  var stackOrder: [Int] {
    let patches = tree.patches
    return patches.indices.sorted { a, b in
      switch (patches[a].stackOrder, patches[b].stackOrder) {
      case (let x?, let y?) where x != y: return x < y
      case (.some, nil): return true
      case (nil, .some): return false
      default: return patches[a].name.lexicographicallyPrecedes(patches[b].name)
      }
    }
  }

  /// The loaded patches' names, in stack order, as `whatif` lists what it replaces
  /// (renderers escape them; bytes that are not UTF-8 replaced).
  public var patchNames: [String] {
    stackOrder.map { String(decoding: tree.patches[$0].name, as: UTF8.self) }
  }
}

extension WhatIfUseCase {
  /// `--replaces live`: the no-ops `klp_add_nops()` would add against every patch in
  /// `klp_patches`, from their objects and funcs as sysfs lists them (`obj_list` and
  /// `func_list`, what `klp_for_each_object()`/`klp_for_each_func()` walk), and what
  /// they hold until the transition ends (their module files' klp data when found,
  /// else counted from sysfs). A stack that could not be read whole is not priced.
  static func loadedWorkload(
    _ reading: LiveUseCase.Reading, module: ModuleAnalysis, input: ResolvedInput,
    base: Workload, notes: inout [String]
  ) throws(FrontendError) -> (Workload, [InspectReport]) {
    guard reading.isComplete else {
      throw .live(.incomplete(root: reading.request.root, count: reading.tree.unreadable.count))
    }
    guard module.report.patches.first != nil else {
      throw .livepatch(.noPatch(file: input.path, purpose: "to price --replaces live for"))
    }
    if let mismatch = sizeMismatch(module.report, reading) {
      throw .livepatch(.cannotReplace(mismatch))
    }
    let document = LiveUseCase.document(reading)
    let order = reading.stackOrder
    let older = order.map { shape(reading.tree.patches[$0]) }
    let held = document.patches.map(\.klpBytes)
    guard let replacedStatic = LiveUseCase.sum(held) else {
      throw .mismatch(
        "\(reading.request.root): the klp bytes of a loaded patch are unknown (no module file, no BTF): give --types-from"
      )
    }
    notes += loadedNotes(reading, module: module, input: input)
    let workload = replacing(
      older, replacedStatic: replacedStatic, module: module, base: base)
    return (workload, order.compactMap { reading.modules[$0]?.report })
  }

  /// A loaded patch as `klp_add_nops()` walks it: `vmlinux` is the NULL object name,
  /// positions as sysfs shows them (1 for 0: `klp_find_func()` takes them as one).
  static func shape(_ patch: LoadedPatch) -> PatchShape {
    PatchShape(
      objects: patch.objects.map { object in
        let name = String(decoding: object.name, as: UTF8.self)
        return PatchShape.ObjectShape(
          name: name == "vmlinux" ? nil : name,
          funcs: object.funcs.map {
            PatchShape.FuncShape(
              oldName: String(decoding: $0.name, as: UTF8.self), sympos: $0.sympos)
          })
      })
  }

  /// The new module's klp structs against the running kernel's (its BTF): a patch
  /// built for other sizes is not for this kernel.
  static func sizeMismatch(_ new: InspectReport, _ reading: LiveUseCase.Reading) -> String? {
    guard let sizes = reading.klpSizes else { return nil }
    let running = ["klp_patch": sizes.patch, "klp_object": sizes.object, "klp_func": sizes.func]
    for type in new.types {
      if let size = running[type.name], size != type.size {
        return
          "\(new.file) has struct \(type.name) of \(type.size) bytes but the running kernel "
          + "(\(reading.klpTypesFrom ?? "its BTF")) of \(size): it is built for another kernel"
      }
    }
    return nil
  }

  /// What would stop or change the load now: a transition under way, a module of the
  /// same name loaded.
  static func loadedNotes(
    _ reading: LiveUseCase.Reading, module: ModuleAnalysis, input: ResolvedInput
  ) -> [String] {
    var notes: [String] = []
    let patches = reading.tree.patches
    if let busy = patches.first(where: { $0.transition == true }) {
      notes.append(
        "\(FilePath.escaped(busy.name)) is in transition: klp_enable_patch() fails with -EBUSY until it completes "
          + "(priced against the stack as it is now)")
    }
    if let elf = try? input.elfFile(), let text = LiveModules.modinfo(elf)["name"],
      patches.contains(where: { $0.name == Array(text.utf8) })
    {
      let name = Array(text.utf8)
      notes.append(
        "a module named \(FilePath.escaped(name)) is loaded: loading \(input.path) fails (-EEXIST) until it is removed"
      )
    }
    return notes
  }
}
