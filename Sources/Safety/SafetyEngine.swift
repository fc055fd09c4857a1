import LayoutModel

/// Finds the data changes between an original and a patched build that a livepatch
/// cannot carry: it replaces functions, while instances, globals, unpatched callers and
/// compiled-in constants keep the original's shape.
///
/// Only entities present in both builds are compared: a patch may add types,
/// variables and functions of its own (that is how shadow-variable fixes look).
public enum SafetyEngine {
  /// Every change, for one pair of builds of the same object; `file` is recorded in each.
  public static func compare(
    old: ProgramEntities, new: ProgramEntities, file: String? = nil
  ) -> [SafetyChange] {
    var changes =
      typeChanges(old, new) + variableChanges(old, new) + functionChanges(old, new)
      + enumeratorChanges(old, new)
    for i in changes.indices { changes[i].file = file }
    return changes
  }

  // MARK: types

  static func typeChanges(_ old: ProgramEntities, _ new: ProgramEntities) -> [SafetyChange] {
    let oldSpelling = Spelling(old.table)
    let newSpelling = Spelling(new.table)
    var comparisons: [TypeKey: AggregateComparison] = [:]
    for (key, newID) in new.aggregates {
      guard let oldID = old.aggregates[key], let o = old.table.aggregate(oldID),
        let n = new.table.aggregate(newID),
        !o.isDeclaration, !n.isDeclaration
      else { continue }
      comparisons[key] = AggregateComparison(old: o, in: oldSpelling, new: n, in: newSpelling)
    }
    // A change reaches every type that embeds the changed one by value, however
    // deep: severities only rise, so this settles within as many rounds as types.
    let embeds = comparisons.mapValues { new.table.embeddedAggregates(in: $0.newMembers) }
    var severity = comparisons.filter { !$0.value.isEmpty }.mapValues(\.severity)
    var through: [TypeKey: [(key: TypeKey, member: String)]] = [:]
    var settled = false
    var rounds = 0
    while !settled && rounds <= comparisons.count {
      settled = true
      rounds += 1
      for (key, inner) in embeds {
        let changedInner = inner.filter { severity[$0.key] != nil && $0.key != key }
        guard let worst = changedInner.compactMap({ severity[$0.key] }).max() else { continue }
        through[key] = changedInner
        let mine = max(worst, severity[key] ?? .warning)
        if severity[key] != mine {
          severity[key] = mine
          settled = false
        }
      }
    }
    return severity.keys.sorted().map { key in
      TypeChangeWording(
        key: key, comparison: comparisons[key]!, through: through[key] ?? [],
        severity: severity[key]!
      ).change
    }
  }

  // MARK: variables, functions, enumerators

  /// The kernel's modinfo strings (`__UNIQUE_ID_license123`) are renumbered and
  /// resized by every build and read by no code: they are not data a patch changes.
  static func isCompilerMade(_ name: String) -> Bool { name.hasPrefix("__UNIQUE_ID_") }

  static func variableChanges(_ old: ProgramEntities, _ new: ProgramEntities) -> [SafetyChange] {
    let oldNaming = TypeNaming(table: old.table)
    let newNaming = TypeNaming(table: new.table)
    return new.variables.keys.sorted().compactMap { name in
      guard !isCompilerMade(name), let o = old.variables[name], let n = new.variables[name] else {
        return nil
      }
      let oldType = oldNaming.name(of: o.type)
      let newType = newNaming.name(of: n.type)
      let oldSize = old.table.size(of: o.type)
      let newSize = new.table.size(of: n.type)
      guard oldType != newType || oldSize != newSize else { return nil }
      let respelled =
        oldSize == newSize && Representation.same(o.type, in: old.table, n.type, in: new.table)
      return Wording.variable(
        name: name, oldType: oldType, newType: newType, oldSize: oldSize, newSize: newSize,
        respelled: respelled)
    }
  }

  static func functionChanges(_ old: ProgramEntities, _ new: ProgramEntities) -> [SafetyChange] {
    new.functions.keys.sorted().compactMap { name in
      guard let o = old.functions[name], let n = new.functions[name] else { return nil }
      let before = Prototype(o, old.table)
      let after = Prototype(n, new.table)
      guard before != after else { return nil }
      return Wording.function(
        name: name, old: before, new: after, external: n.isExternal || o.isExternal)
    }
  }

  static func enumeratorChanges(_ old: ProgramEntities, _ new: ProgramEntities) -> [SafetyChange] {
    new.enumerators.keys.sorted().compactMap { name in
      guard let o = old.enumerators[name], let n = new.enumerators[name], o.value != n.value else {
        return nil
      }
      return Wording.enumerator(old: o, new: n)
    }
  }
}

/// A function's prototype spelled with one table, comparable across builds.
struct Prototype: Equatable {
  var returns: String
  var parameters: [String]
  var variadic: Bool

  init(_ f: FunctionEntity, _ table: TypeTable) {
    let naming = TypeNaming(table: table)
    returns = naming.name(of: f.returns)
    parameters = f.parameters.map { naming.name(of: $0) }
    variadic = f.variadic
  }

  /// `int name(long, struct conn *)`.
  func spelled(_ name: String) -> String {
    var list = parameters
    if variadic { list.append("...") }
    if list.isEmpty { list = ["void"] }
    let separator = returns.hasSuffix("*") ? "" : " "
    return returns + separator + name + "(" + list.joined(separator: ", ") + ")"
  }
}
