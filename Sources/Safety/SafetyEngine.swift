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
      var change = TypeChangeWording(
        key: key, comparison: comparisons[key]!, through: through[key] ?? [],
        severity: severity[key]!
      ).change
      // A DWARF table's type ids are the offsets of the types' entries.
      change.origin = .init(
        old: old.aggregates[key].map { EntityOrigin(rawValue: $0.rawValue) },
        new: new.aggregates[key].map { EntityOrigin(rawValue: $0.rawValue) })
      return change
    }
  }

  // MARK: variables, functions, enumerators

  /// The kernel's modinfo strings (`__UNIQUE_ID_license123`) are renumbered and
  /// resized by every build and read by no code: they are not data a patch changes.
  static func isCompilerMade(_ name: String) -> Bool { name.hasPrefix("__UNIQUE_ID_") }

  static func functionChanges(_ old: ProgramEntities, _ new: ProgramEntities) -> [SafetyChange] {
    new.functions.keys.sorted().compactMap { name in
      guard let o = old.functions[name], let n = new.functions[name] else { return nil }
      let before = Prototype(o, old.table)
      let after = Prototype(n, new.table)
      guard before != after else { return nil }
      var change = Wording.function(
        name: name, old: before, new: after, external: n.isExternal || o.isExternal)
      change.origin = .init(old: o.origin, new: n.origin)
      return change
    }
  }

  /// Enumerators whose value changed, one change per enum (an inserted enumerator
  /// shifts every later one: one change lists them all), named after the first.
  static func enumeratorChanges(_ old: ProgramEntities, _ new: ProgramEntities) -> [SafetyChange] {
    var groups: [String: [(old: EnumeratorEntity, new: EnumeratorEntity)]] = [:]
    for (name, n) in new.enumerators {
      guard let o = old.enumerators[name], o.value != n.value else { continue }
      let key = n.origin.map { "#\($0.rawValue)" } ?? n.enumName ?? name
      groups[key, default: []].append((o, n))
    }
    return groups.values.map { group in
      let shifted = group.sorted { ($0.new.value, $0.new.name) < ($1.new.value, $1.new.name) }
      var change = Wording.enumerators(shifted)
      change.origin = .init(old: shifted[0].old.origin, new: shifted[0].new.origin)
      return change
    }.sorted { $0.name < $1.name }
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
