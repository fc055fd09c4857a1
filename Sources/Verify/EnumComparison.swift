import LayoutModel

/// What the safety engine leaves out of an enum: its size, and enumerators one side has
/// and the other does not (it compares the values of those both have).
enum EnumComparison {
  static func difference(_ name: String, _ patch: PatchTypes, _ target: TargetTypes) -> String? {
    guard let theirSize = target.enums[name] else { return nil }
    if let mine = patch.enumSizes[name], let theirs = theirSize, mine != theirs {
      return "enum \(name) is \(mine) bytes here, \(theirs) in the target"
    }
    let mine = names(of: name, in: patch.entities)
    let theirs = names(of: name, in: target.entities)
    if let absent = mine.subtracting(theirs).sorted().first {
      return "\(absent) is not an enumerator of the target's enum \(name)"
    }
    if let extra = theirs.subtracting(mine).sorted().first {
      return "the target's enum \(name) has \(extra), which the module's has not"
    }
    return nil
  }

  static func names(of enumName: String, in entities: ProgramEntities) -> Set<String> {
    Set(entities.enumerators.values.filter { $0.enumName == enumName }.map(\.name))
  }
}
