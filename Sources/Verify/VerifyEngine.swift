/// `verify`'s checks: the values read from a livepatch module and from a target kernel
/// in, the findings out, each following the kernel function that decides it at load or
/// patch time (docs/verify.md). Pure: nothing is read here.
public enum VerifyEngine {
  /// Every finding for `patch` on `target`, one per (check, object, subject), in the
  /// order the kernel meets them: loading (vermagic, modversions), the klp objects and
  /// their funcs, the klp relocations, then the types, then livepatch support.
  public static func check(_ patch: PatchFacts, against target: TargetFacts) -> [VerifyFinding] {
    var findings = [LoadChecks.vermagic(patch, target)]
    findings += LoadChecks.modversions(patch, target)
    findings += KlpChecks.objects(patch, target)
    findings += KlpChecks.relocations(patch, target)
    findings += TypeChecks.layouts(patch, target)
    findings += LivepatchChecks.support(patch, target)
    var seen = Set<String>()
    return findings.filter { seen.insert($0.key).inserted }
  }
}

/// Whether livepatches load at all.
enum LivepatchChecks {
  /// The target has `klp_enable_patch()` (CONFIG_LIVEPATCH; without it a livepatch
  /// module's `klp_enable_patch` is an unknown symbol) and the klp structs; and the
  /// module carries the `livepatch` modinfo tag, without which `klp_enable_patch()`
  /// refuses it (`is_livepatch_module()`).
  static func support(_ patch: PatchFacts, _ target: TargetFacts) -> [VerifyFinding] {
    let support = target.livepatch
    var failures: [String] = []
    var unknowns: [String] = []
    switch support.enablePatch {
    case .known(.function?): break
    case .known(let kind?):
      failures.append("klp_enable_patch is a \(SymbolFact(kind: kind, place: .undefined).kindName)")
    case .known(nil):
      failures.append("no klp_enable_patch (\(support.enablePatchSource)): CONFIG_LIVEPATCH=n")
    case .unknown(let why): unknowns.append(why)
    }
    switch support.klpTypes {
    case .known(let names):
      failures += LivepatchSupport.requiredTypes.filter { !names.contains($0) }.map {
        "no struct \($0) in its types"
      }
    case .unknown(let why): unknowns.append(why)
    }
    let status: VerifyFinding.Status =
      !failures.isEmpty ? .fail : unknowns.isEmpty ? .pass : .unknown
    let reason =
      status == .pass
      ? "klp_enable_patch is a function (\(support.enablePatchSource)); "
        + LivepatchSupport.requiredTypes.joined(separator: ", ") + " in its types"
      : (failures + unknowns).joined(separator: "; ")
    return [VerifyFinding(.livepatch, subject: "klp_enable_patch", status, reason), tag(patch)]
  }

  static func tag(_ patch: PatchFacts) -> VerifyFinding {
    patch.livepatchTag
      ? VerifyFinding(
        .livepatch, subject: "MODULE_INFO(livepatch)", .pass,
        "the module's .modinfo has the livepatch tag: the loader marks it a livepatch module (taint K)"
      )
      : VerifyFinding(
        .livepatch, subject: "MODULE_INFO(livepatch)", .fail,
        "no livepatch tag in .modinfo: klp_enable_patch() refuses it (\"is not marked as a livepatch module\")"
      )
  }
}
