import ReportSchema

/// Who runs each patched function, and what the loaded patches hold: the kernel's rules
/// applied to what sysfs shows (docs/live.md; Linux 6.12.118 and the `stack_order`
/// patch of 6.13 read).
///
/// `klp_patch_func()` (kernel/livepatch/patch.c) pushes each func at the head of the
/// `func_stack` of the `klp_ops` for its old function (`klp_find_ops()`), and
/// `klp_ftrace_handler()` runs the head (the next one down for a task not yet switched
/// during a transition; a no-op head runs the original). Funcs are pushed when their
/// patch is enabled, or when a module loads later (`klp_module_coming()`, walking
/// `klp_patches` in order), and popped when their object is unpatched. So the funcs on
/// a stack are those of the enabled patches whose object is `patched`, newest (highest
/// `stack_order`) first.
public enum LoadedStack {
  /// How the owner of a function was decided.
  public enum Basis: String, Sendable, Codable {
    /// From the `stack_order` of every candidate (Linux 6.13 and later).
    case stackOrder = "stack_order"
    /// Only one enabled patch with its object patched lists the function: the only
    /// func on its stack, whatever the order.
    case only
    /// Without `stack_order`: one candidate is an enabled `replace` patch whose
    /// transition is over, and there is one other. `klp_complete_transition()`
    /// disabled every patch older than it (`klp_unpatch_replaced_patches()`), so every
    /// other enabled patch came after it.
    case replace
    /// Several candidates and no order the kernel shows: the owner is one of
    /// `undecided`.
    case unknown
    /// No enabled patch with its object patched lists it: nothing is on its stack.
    case none
  }

  /// One function's stack as far as sysfs tells it (indexes into the patches given).
  public struct Ownership: Hashable, Sendable {
    public var function: LoadedFunction
    public var owner: Int?
    /// The other candidates known to be below the owner, `func_stack` order.
    public var shadows: [Int]
    /// With `unknown`: the candidates the owner is among.
    public var undecided: [Int]
    public var basis: Basis
    /// A func of the patch in transition (`klp_transition_patch`, enabling or
    /// disabling) is on the stack: tasks not yet switched may run another func than
    /// the owner's (`klp_ftrace_handler()` checks `func->transition`).
    public var inTransition = false
  }

  /// Every function any patch lists, sorted by object, name and position.
  public static func ownership(_ patches: [LoadedPatch]) -> [Ownership] {
    var certain: [LoadedFunction: [Int]] = [:]
    var maybe: [LoadedFunction: [Int]] = [:]
    var transitioning = Set<LoadedFunction>()
    for (i, patch) in patches.enumerated() {
      for object in patch.objects {
        for f in object.funcs {
          let function = LoadedFunction(object: object.name, func: f)
          certain[function, default: []] += []
          // A disabling patch's funcs stay on their stacks until its transition ends.
          if patch.transition == true && object.patched == true { transitioning.insert(function) }
          if patch.enabled == false || object.patched == false { continue }
          if patch.enabled == true && object.patched == true {
            certain[function]!.append(i)
          } else {
            // `enabled` or `patched` unknown (unreadable, or no `patched` before 6.1).
            maybe[function, default: []].append(i)
          }
        }
      }
    }
    return certain.keys.sorted().map { function in
      var result = decide(
        function, certain: certain[function] ?? [], maybe: maybe[function] ?? [], patches)
      result.inTransition = transitioning.contains(function)
      return result
    }
  }

  /// The owner among the `certain` candidates (enabled, object patched), unless some
  /// patch `maybe` is one too.
  static func decide(
    _ function: LoadedFunction, certain: [Int], maybe: [Int], _ patches: [LoadedPatch]
  ) -> Ownership {
    var result = Ownership(
      function: function, owner: nil, shadows: [], undecided: [], basis: .none)
    let byName: (Int, Int) -> Bool = {
      patches[$0].name.lexicographicallyPrecedes(patches[$1].name)
    }
    if certain.isEmpty && maybe.isEmpty { return result }
    if !maybe.isEmpty {
      result.basis = .unknown
      result.undecided = (certain + maybe).sorted(by: byName)
    } else if certain.allSatisfy({ patches[$0].stackOrder != nil }) {
      let ordered = certain.sorted { patches[$0].stackOrder! > patches[$1].stackOrder! }
      result.owner = ordered.first
      result.shadows = Array(ordered.dropFirst())
      result.basis = .stackOrder
    } else {
      withoutOrder(certain, patches, into: &result)
    }
    return result
  }

  /// The owner without `stack_order`: the only candidate, or the one above a settled
  /// replace patch; else unknown, among the candidates.
  static func withoutOrder(
    _ certain: [Int], _ patches: [LoadedPatch], into result: inout Ownership
  ) {
    if certain.count == 1 {
      result.owner = certain[0]
      result.basis = .only
      return
    }
    let settled = certain.filter { isSettledReplace(patches[$0]) }
    let others = certain.filter { !settled.contains($0) }
    if settled.count == 1 {
      result.shadows = settled
      if others.count == 1 {
        result.owner = others[0]
        result.basis = .replace
        return
      }
    }
    result.basis = .unknown
    result.undecided = (settled.count == 1 ? others : certain).sorted {
      patches[$0].name.lexicographicallyPrecedes(patches[$1].name)
    }
  }

  /// An enabled `replace` patch out of its transition: every patch older than it was
  /// disabled when its transition completed, so it is the oldest enabled one.
  static func isSettledReplace(_ patch: LoadedPatch) -> Bool {
    patch.replace == true && patch.transition == false && patch.enabled == true
  }

  /// The no-ops a patch shows (`klp_add_nops()` made them when it was initialised; they
  /// are discarded when its transition completes, `klp_discard_nops()`): none when it
  /// does not replace or is out of its transition; else the funcs sysfs lists that its
  /// module's own klp data does not hold (`own`); nil when that is unknown.
  public static func nops(of patch: LoadedPatch, own: [LoadedFunction]?) -> [LoadedFunction]? {
    if patch.replace == false || patch.transition == false { return [] }
    guard let own else { return nil }
    let held = Set(own)
    return patch.functions.filter { !held.contains($0) }.sorted()
  }

  /// The funcs of a module's klp data as sysfs names them: `vmlinux` for a NULL
  /// object name, position 1 for 0 (`klp_find_func()` takes them as the same).
  public static func functions(of patch: InspectReport.Patch) -> [LoadedFunction] {
    patch.objects.flatMap { object in
      object.funcs.compactMap { f in
        f.oldName.map {
          LoadedFunction(
            object: Array(object.target.utf8),
            func: LoadedFunc(name: Array($0.utf8), sympos: max(f.oldSympos, 1)))
        }
      }
    }
  }

  /// The klp structs a patch holds, counted from what sysfs lists: one `klp_patch`,
  /// a `klp_object` per object and a `klp_func` per func (no-ops and dynamic objects
  /// included; the static arrays' sentinels, which sysfs does not show, are not).
  public static func countedBytes(
    of patch: LoadedPatch, patchSize: UInt64, objectSize: UInt64, funcSize: UInt64
  ) -> UInt64 {
    let objects = UInt64(patch.objects.count)
    let funcs = UInt64(patch.objects.reduce(0) { $0 + $1.funcs.count })
    return patchSize &+ objects &* objectSize &+ funcs &* funcSize
  }
}
