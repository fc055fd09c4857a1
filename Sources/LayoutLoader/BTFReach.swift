import BTF

/// What `BTFTypeLoader.load` stores for each BTF id when it loads some ids in turn:
/// nothing, a named struct or union by name only, or the type in full. Worked out on
/// the records alone, by the loader's own rules in its own order (`load`, and what
/// `BTFTypeBuilding.type` refers to and how), so that the types can then be built each
/// on its own, on any thread (`loadInParallel`).
///
/// The order matters as it does for the loader: what is loaded in full is not walked
/// again, what was loaded as reached through a pointer is when it is asked for in full.
struct BTFReach {
  enum Mode: UInt8 {
    /// Not loaded.
    case none
    /// Loaded as reached through a pointer and partial (`BTFTypeBuilding.isPartial`): a
    /// named struct or union by name only, a typedef or qualifier leading to one.
    case byName
    /// Loaded in full.
    case full
  }

  /// By BTF id.
  private(set) var modes: [Mode]
  private let building: BTFTypeBuilding
  private var btf: BTFFile { building.btf }
  /// The walk met what it does not follow as `load` does: a tag left after
  /// `BTFFile.maxDepth` tags (the loader reads the table for it), an id past the last.
  private var unfollowable = false

  /// The modes `load` leaves for `ids`, loaded in full in turn; nil when the walk
  /// cannot follow the loader (the types are then loaded one by one).
  init?(_ ids: [UInt32], building: BTFTypeBuilding) {
    self.building = building
    self.modes = Array(repeating: .none, count: Int(building.btf.typeCount))
    for id in ids {
      visit(id, byNameOnly: false)
      if unfollowable { return nil }
    }
  }

  /// `load(raw, shallow: byNameOnly)`, storing modes instead of types. As deep as the
  /// loader's own recursion, which validation bounds (`BTFFile.maxDepth`).
  private mutating func visit(_ raw: UInt32, byNameOnly: Bool) {
    let id = building.skipTags(raw)
    guard id != 0, !unfollowable else { return }
    guard Int(id) < modes.count else {
      unfollowable = true
      return
    }
    let mode = modes[Int(id)]
    if mode != .none && (byNameOnly || mode != .byName) { return }
    guard let kind = btf.kind(id) else {
      modes[Int(id)] = .full
      return
    }
    // Before what it refers to, as the loader's placeholder: a type that points back at
    // itself finds itself loaded.
    let partial = byNameOnly && BTFTypeBuilding.isPartial(kind, named: btf.isNamed(id))
    modes[Int(id)] = partial ? .byName : .full
    switch kind {
    case .pointer:
      btf.forEachReference(of: id) { visit($0, byNameOnly: true) }
    case .typedef, .const, .volatile, .restrict:
      btf.forEachReference(of: id) { visit($0, byNameOnly: byNameOnly) }
    case .array:
      guard let t = btf.type(id) else { return }
      visit(building.dimensions(t).element, byNameOnly: false)
    case .structure, .union:
      // By name only: its members are not loaded.
      if partial { return }
      btf.forEachReference(of: id) { visit($0, byNameOnly: false) }
    case .functionPrototype:
      btf.forEachReference(of: id) { visit($0, byNameOnly: true) }
    case .typeTag:
      unfollowable = true
    case .void, .int, .enumeration, .forward, .function, .variable, .dataSection, .float,
      .declarationTag, .enumeration64:
      return
    }
  }
}
