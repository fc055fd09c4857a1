import LayoutModel
import Safety

/// Layouts and prototypes: what the patch was compiled against, compared with the
/// target by the `safety` engine (the patch's build as "new", the target as "old").
enum TypeChecks {
  /// The replacement function's prototype (from the patch's DWARF) against the
  /// prototype of the function it replaces (the target's DWARF or BTF): callers in the
  /// target call the replacement as they called the original.
  static func prototype(
    _ fn: KlpFuncFacts, name: String, object: String, _ patch: PatchFacts, _ target: TargetFacts
  ) -> (VerifyFinding.Status, String) {
    let replacement = fn.newFunc ?? "the replacement"
    guard let types = patch.types else {
      return (.unknown, "the module has no DWARF for \(replacement)'s prototype")
    }
    guard let newFunc = fn.newFunc, let mine = types.entities.functions[newFunc] else {
      return (.unknown, "no DWARF subprogram for \(replacement) in the module")
    }
    if name.contains(".") {
      return (
        .unknown,
        "\(name) is a compiler-made copy (.isra, .constprop, .part, .cold): its calling convention is not its declared prototype"
      )
    }
    switch target.prototypes[ObjectFunction(object: object, name: name)] {
    case nil: return (.unknown, "no prototype of \(name) in the target's types")
    case .unknown(let why)?: return (.unknown, why)
    case .known(let theirs)?:
      return compare(mine, in: types.entities.table, newFunc, theirs, name)
    }
  }

  static func compare(
    _ mine: FunctionEntity, in table: TypeTable, _ newFunc: String, _ theirs: TargetPrototype,
    _ name: String
  ) -> (VerifyFinding.Status, String) {
    // BTF keeps one FUNC per name and prototype; several copies may still spell alike.
    var spellings = Set<String>()
    let distinct = theirs.functions.filter { spellings.insert(spelled($0, theirs.table)).inserted }
    guard let original = distinct.first, distinct.count == 1 else {
      return (
        .unknown,
        "\(distinct.count) functions called \(name) with different prototypes in the target's \(theirs.source), and which one old_sympos selects is not known"
      )
    }
    var replacement = mine
    replacement.name = name
    let changes = SafetyEngine.compare(
      old: ProgramEntities(table: theirs.table, functions: [name: original]),
      new: ProgramEntities(table: table, functions: [name: replacement]))
    let have = spelled(mine, table)
    let want = spelled(original, theirs.table)
    guard changes.isEmpty else {
      return (.fail, "\(newFunc) is \(have), the target's \(name) is \(want)")
    }
    return (.pass, "\(have) on both sides")
  }

  /// `int (struct seq_file *, void *)`.
  static func spelled(_ f: FunctionEntity, _ table: TypeTable) -> String {
    let naming = TypeNaming(table: table)
    var parameters = f.parameters.map { naming.name(of: $0) }
    if f.variadic { parameters.append("...") }
    return naming.name(of: f.returns) + " (" + parameters.joined(separator: ", ") + ")"
  }

  /// Every struct, union and enum the patch's code uses, as the target lays it out.
  static func layouts(_ patch: PatchFacts, _ target: TargetFacts) -> [VerifyFinding] {
    guard let types = patch.types else { return [] }
    var findings: [VerifyFinding] = []
    let changes = layoutChanges(types, target.types.value)
    for key in types.used {
      func make(_ status: VerifyFinding.Status, _ reason: String) -> VerifyFinding {
        VerifyFinding(.layout, subject: key.name, type: key, status, reason)
      }
      guard case .known(let theirs) = target.types else {
        findings.append(make(.unknown, LoadChecks.unknownReason(target.types)))
        continue
      }
      let own = types.own.contains(key)
      guard let reason = missing(key, in: theirs, own: own) else {
        let verdict = changes[key].map { (VerifyFinding.Status.fail, $0) } ?? (.pass, same(theirs))
        findings.append(make(verdict.0, verdict.1))
        continue
      }
      findings.append(make(.unknown, reason))
    }
    return findings
  }

  static func same(_ target: TargetTypes) -> String {
    "laid out identically in the target's \(target.source == .btf ? "BTF" : "DWARF")"
  }

  /// Why a type cannot be compared, or nil when the target has it.
  static func missing(_ key: TypeKey, in target: TargetTypes, own: Bool) -> String? {
    let found =
      key.kind == .enumeration
      ? target.enums[key.name] != nil : target.entities.aggregates[key] != nil
    guard !found else { return nil }
    let source = target.source == .btf ? "BTF" : "DWARF"
    return own
      ? "defined by the module's own sources, and not in the target's \(source)"
      : "not in the target's \(source) (a module's type, or one the target does not have)"
  }

  /// What differs, by type, between the patch's types and the target's: the safety
  /// engine's changes (any, warnings included: a layout is identical or it is not), and
  /// enum sizes and enumerator sets, which it does not compare.
  static func layoutChanges(_ patch: PatchTypes, _ target: TargetTypes?) -> [TypeKey: String] {
    guard let target else { return [:] }
    var result: [TypeKey: String] = [:]
    var new = patch.entities
    new.functions = [:]
    new.variables = []
    for change in SafetyEngine.compare(old: target.entities, new: new) {
      guard let key = key(of: change), result[key] == nil else { continue }
      if change.entity == .type, settled(key, patch: new, target: target) { continue }
      result[key] = "differs from the target's: " + change.reason
    }
    for key in patch.used where key.kind == .enumeration && result[key] == nil {
      if let difference = EnumComparison.difference(key.name, patch, target) {
        result[key] = difference
      }
    }
    return result
  }

  /// The type a safety change is about.
  static func key(of change: SafetyChange) -> TypeKey? {
    switch change.entity {
    case .type: return TypeKey(name: change.name, kind: change.kind ?? .structure)
    case .enumerator:
      guard let spelled = change.new.type ?? change.old.type else { return nil }
      return TypeKey(name: TypeSpec(parsing: spelled).name, kind: .enumeration)
    case .variable, .function: return nil
    }
  }

  /// Whether another definition of the same name in the target is identical (the kernel
  /// has several `struct irq_info`): the patch's is one of them.
  static func settled(_ key: TypeKey, patch: ProgramEntities, target: TargetTypes) -> Bool {
    for alternative in target.alternatives[key] ?? [] {
      var old = target.entities
      old.aggregates = [key: alternative]
      old.enumerators = [:]
      var new = patch
      new.aggregates = patch.aggregates.filter { $0.key == key }
      new.enumerators = [:]
      if SafetyEngine.compare(old: old, new: new).isEmpty { return true }
    }
    return false
  }
}
