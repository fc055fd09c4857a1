import WhatIf

/// What the kernel does with the module, said once: in the headline and first in
/// `notes`. The rule is `klp_init_patch()`'s (kernel/livepatch/core.c, 6.1.192): it calls
/// `klp_add_nops()` only when `patch->replace` is set, and only then does the end of the
/// transition (`klp_complete_transition()`) disable the patches loaded before it. A
/// patch without `replace` is stacked on top of them; a records-based module decides
/// `replace` in its init code, which the file does not show.
extension WhatIfDocument {
  /// The sentence about `replace`, with the paths as given on the command line.
  static func kernelAction(_ c: Context) -> String {
    let file = c.shownFile ?? c.file
    let replaced = c.replaces.joined(separator: ", ")
    let they = c.replaces.count == 1 ? "it" : "they"
    let are = c.replaces.count == 1 ? "is" : "are"
    if let source = c.recordsSource {
      return
        "\(file) is records-based (\(source)): its init code builds the klp_patch and decides replace, which the file "
        + "does not show, so no no-ops are priced"
        + (c.replaces.isEmpty ? "." : " and \(replaced) \(are) counted as still loaded beneath it.")
    }
    if !c.replace {
      return
        "\(file) does not set klp_patch.replace, so klp_init_patch() does not call klp_add_nops() for it "
        + "(kernel/livepatch/core.c): it adds no no-ops and replaces no patch"
        + (c.replaces.isEmpty
          ? "." : "; \(replaced) \(are == "is" ? "stays" : "stay") enabled beneath it.")
    }
    if c.replaces.isEmpty {
      return
        "\(file) sets klp_patch.replace: loading it adds a no-op (klp_add_nops()) for every function of the "
        + "patches already loaded that it does not patch itself, and disables those patches when the transition "
        + "ends; name them with --replaces OLD.ko... (or --replaces live) to price that."
    }
    return
      "\(file) sets klp_patch.replace: klp_add_nops() gives it a no-op for every function of \(replaced) "
      + "that it does not patch itself, and \(they) \(are) disabled when the transition ends."
  }

  /// What a module that sets `replace` in its init code looks like here.
  public static let initCodeCaveat =
    "A module that sets replace in its init code (as test_klp_atomic_replace does from a module parameter) "
    + "shows false here: read its init function."

  /// The no-op count came from `--nops`, not from what `klp_add_nops()` would make.
  static func isHypothetical(_ c: Context) -> Bool {
    c.workload.plan == nil && (c.workload.demand.nops > 0 || c.workload.demand.dynamicObjects > 0)
  }

  /// "This kernel uses design A (...). FILE sets replace: .... Replacing OLD allocates N
  /// bytes during the transition (peak P) and holds M bytes while loaded."
  static func headline(_ c: Context, reference: Design?) -> String {
    guard let reference else { return "" }
    var first: String
    switch c.kernelDesign {
    case .aEmbedded?:
      first =
        "This kernel uses design A (a list_head in every klp_func, kzalloc'd no-ops; upstream since 5.1)."
    case .base?: first = "This kernel predates atomic replace (no klp_func.node: before 5.1)."
    case nil: first = "Against the module as built:"
    case let other?: first = "This kernel uses design \(other.rawValue)."
    }
    return first + " " + kernelAction(c) + " " + cost(c, reference)
  }

  /// What the reference design costs for exactly what the kernel will do, or for the
  /// hypothetical count, said to be one.
  static func cost(_ c: Context, _ reference: Design) -> String {
    let demand = c.workload.demand
    let t = reference.transientBytes, p = reference.peakBytes, m = reference.permanentBytes
    let replaced = c.replaces.joined(separator: ", ")
    let replacing = c.replace && c.recordsSource == nil
    if !c.replaces.isEmpty {
      return replacing
        ? "Replacing \(replaced) allocates \(t) bytes during the transition (peak \(p)) and holds \(m) bytes while loaded."
        : "It allocates \(t) bytes during the transition and holds \(m) bytes while loaded; with what stays "
          + "loaded beneath it, \(p) bytes in all."
    }
    guard isHypothetical(c) else {
      return replacing
        ? "With no patch loaded before it, it holds \(m) bytes and allocates nothing during the transition."
        : "Loaded, the module holds \(m) bytes; no transition allocations."
    }
    let count = "\(demand.nops) no-op funcs and \(demand.dynamicObjects) dynamic objects"
    if c.replace || c.recordsSource != nil {
      return
        "With a hypothetical \(count), the transition allocates \(t) bytes (peak \(p)); the module holds \(m) bytes while loaded."
    }
    return
      "Loaded, it holds \(m) bytes and allocates nothing during the transition; the \(count) priced here are "
      + "hypothetical (as if it set replace): \(t) bytes during the transition (peak \(p))."
  }

  /// The notes: what the kernel does first, then what the use case found.
  static func notes(_ c: Context) -> [String] {
    var notes = [kernelAction(c)]
    if !c.replace && c.recordsSource == nil { notes.append(initCodeCaveat) }
    return notes + c.notes
  }
}

extension WhatIfDocument {
  /// The notes the report does not say in its headline, nor as the standing caveat
  /// about `replace` set by init code: what a person must see even when the report goes
  /// to a file (a transition under way, a module of the same name loaded).
  public var warnings: [String] {
    notes.filter { !headline.contains($0) && $0 != Self.initCodeCaveat }
  }
}
