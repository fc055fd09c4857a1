import LayoutModel

extension SafetyEngine {
  /// Every variable of both builds whose type, size or initial contents changed, and
  /// every one of the original with contents that the patched build no longer has.
  static func variableChanges(_ old: ProgramEntities, _ new: ProgramEntities) -> [SafetyChange] {
    let builds = Builds(old: old, new: new)
    let pairing = VariablePairing(
      old: old.variables.filter { !isCompilerMade($0.name) },
      new: new.variables.filter { !isCompilerMade($0.name) })
    var changes = pairing.pairs.compactMap { builds.change($0.old, $0.new) }
    for gone in pairing.removed where gone.contents != nil {
      changes.append(
        DataWording.removed(gone, type: gone.type.map { builds.oldNaming.name(of: $0) }))
    }
    return changes.sorted { $0.name < $1.name }
  }
}

/// The two builds, each with its type spellings made once.
struct Builds {
  let old: ProgramEntities
  let new: ProgramEntities
  let oldNaming: TypeNaming
  let newNaming: TypeNaming

  init(old: ProgramEntities, new: ProgramEntities) {
    self.old = old
    self.new = new
    oldNaming = TypeNaming(table: old.table)
    newNaming = TypeNaming(table: new.table)
  }

  /// The change of one variable, if any, with where each side was read from.
  func change(_ o: VariableEntity, _ n: VariableEntity) -> SafetyChange? {
    var found = difference(o, n)
    found?.origin = .init(old: o.origin, new: n.origin)
    return found
  }

  /// Of its type or size first, since contents of another shape cannot be compared
  /// byte for byte; else of its initial contents.
  private func difference(_ o: VariableEntity, _ n: VariableEntity) -> SafetyChange? {
    var respelled: SafetyChange? = nil
    if let ot = o.type, let nt = n.type {
      let oldType = oldNaming.name(of: ot)
      let newType = newNaming.name(of: nt)
      let oldSize = old.table.size(of: ot) ?? o.contents?.size
      let newSize = new.table.size(of: nt) ?? n.contents?.size
      if oldType != newType || oldSize != newSize {
        let same = oldSize == newSize && Representation.same(ot, in: old.table, nt, in: new.table)
        let change = Wording.variable(
          name: n.qualifiedName, oldType: oldType, newType: newType, oldSize: oldSize,
          newSize: newSize, respelled: same)
        guard same else { return change }
        respelled = change
      }
    } else if let oc = o.contents, let nc = n.contents, oc.size != nc.size {
      return DataWording.resized(n, from: oc.size, to: nc.size)
    }
    if let oc = o.contents, let nc = n.contents, oc.firstDifference(from: nc) != nil {
      let value = ChangedValue(
        type: n.type, table: new.table, old: oc, new: nc, bigEndian: new.bigEndian)
      return DataWording.initializer(
        n, value: value, old: oc, new: nc, type: type(of: n), isTable: isTable(n))
    }
    return respelled
  }

  private func type(of v: VariableEntity) -> String? { v.type.map { newNaming.name(of: $0) } }

  /// An array or a struct (or an object no DWARF describes): more than one value.
  private func isTable(_ v: VariableEntity) -> Bool {
    switch new.table.resolved(v.type) {
    case .array?, .aggregate?, nil: return true
    default: return v.type == nil
    }
  }
}
