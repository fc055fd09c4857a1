/// All the types of a file (or of an edit), addressable by `TypeID`.
///
/// Dense ids (BTF numbers its types 1, 2, 3, …) are kept in an array the loader sizes
/// with `init(abi:denseIDs:)`; sparse ones (DWARF DIE offsets, ids synthesized past the
/// dense range) in slots found by a dictionary (`SparseTypes`). Which store holds a type
/// is invisible: equality, hashing and coding see one map from id to type. A
/// whole-kernel BTF dump asks the table about a type millions of times; hashing each id
/// was a fifth of its time.
public struct TypeTable: Hashable, Sendable, Codable {
  /// Types with ids `0..<dense.count`, by id. (Internal, not private, for `withType`.)
  @usableFromInline var dense: [CType?] = []
  /// For each dense id, what `contains`, `resolved` and `resolvedID` need to know of
  /// its type (`Link`), kept as the types are stored (as many as `dense` holds).
  /// Reading a type out of the table takes a reference on it and drops it again; laying
  /// a whole kernel out, the walks through typedefs and qualifiers did that a million
  /// times, and two threads doing it on the same types slowed each other down (a
  /// reference count is one shared word).
  private var links: [UInt64] = []
  /// Whether some typedef or qualifier's target cannot be written as a link: the walks
  /// then read every type (ids that large are never made; kept exact all the same).
  private var unlinkable = false
  /// The types with sparse ids, with their links.
  @usableFromInline var sparse = SparseTypes()
  /// The largest id stored so far (for `freshID`).
  private var largestID: UInt64 = 0
  /// The target's alignment rules and pointer width.
  public var abi: TargetABI

  /// The types with sparse ids: each id has a slot (found by one hash of the id) where
  /// its type and its link are read in place, as dense ids' are by index. In a
  /// dictionary of types, each type read was copied out (a reference counted on it), and
  /// links could not be kept: the walks of a whole DWARF kernel copied a type for every
  /// step through a typedef, from both threads.
  @usableFromInline struct SparseTypes: Sendable {
    @usableFromInline var slots: [TypeID: Int] = [:]
    /// By slot: the id, the type (nil once removed; the slot stays the id's) and its link.
    var ids: [TypeID] = []
    @usableFromInline var types: [CType?] = []
    var links: [UInt64] = []
    /// The slots that hold a type.
    var count = 0

    init() {}

    /// The types by id.
    var dictionary: [TypeID: CType] {
      var all: [TypeID: CType] = [:]
      all.reserveCapacity(count)
      for slot in types.indices { if let type = types[slot] { all[ids[slot]] = type } }
      return all
    }
  }

  public init(types: [TypeID: CType] = [:], abi: TargetABI) {
    self.abi = abi
    // In id order: slots (and `forEachType`) follow the order types were stored in.
    for id in types.keys.sorted() { self[id] = types[id] }
  }

  /// An empty table whose ids below `denseIDs` are stored by index.
  public init(abi: TargetABI, denseIDs: Int) {
    self.abi = abi
    self.dense = Array(repeating: nil, count: max(denseIDs, 0))
    self.links = Array(repeating: Link.absent, count: dense.count)
  }

  /// A table of dense ids made at once, `types[i]` the type with id `i` (nil: none).
  public init(abi: TargetABI, dense types: [CType?]) {
    self.abi = abi
    self.dense = types
    self.largestID = UInt64(types.lastIndex { $0 != nil } ?? 0)
    var links: [UInt64] = []
    links.reserveCapacity(types.count)
    // Each type read where the array keeps it: a copy counted each type's box, which
    // the loading threads made (a kernel's BTF: 120,000 of them).
    types.withUnsafeBufferPointer { types in
      for i in types.indices { links.append(link(types.baseAddress.unsafelyUnwrapped + i)) }
    }
    self.links = links
  }

  /// The same, with the links the tables the types come from kept (`denseTables`): the
  /// types are not read again. `links[i]` must be what the table that held `types[i]`
  /// kept for it.
  package init(abi: TargetABI, dense types: [CType?], links: [UInt64], unlinkable: Bool) {
    if links.count == types.count {
      self.init(abi: abi, dense: types, keptLinks: links, unlinkable: unlinkable)
    } else {
      self.init(abi: abi, dense: types)
    }
  }

  private init(abi: TargetABI, dense types: [CType?], keptLinks links: [UInt64], unlinkable: Bool) {
    self.abi = abi
    self.dense = types
    self.largestID = UInt64(types.lastIndex { $0 != nil } ?? 0)
    self.links = links
    self.unlinkable = unlinkable
  }

  /// The types with dense ids, by id (nil: none), with their links and whether any
  /// target was unlinkable, when the table has no sparse ones: for
  /// `init(abi:dense:links:unlinkable:)`.
  package var denseTable: (types: [CType?], links: [UInt64], unlinkable: Bool)? {
    sparse.count == 0 ? (dense, links, unlinkable) : nil
  }

  /// Whether a type is stored under `id` (without copying it out).
  public func contains(_ id: TypeID) -> Bool {
    guard let place = place(of: id) else { return false }
    return link(at: place) != Link.absent
  }

  /// Every type, by id (built on each call: for iteration, not for lookups).
  public var types: [TypeID: CType] {
    var all = sparse.dictionary
    for (i, type) in dense.enumerated() {
      if let type { all[TypeID(UInt64(i))] = type }
    }
    return all
  }

  /// Calls `body` with every type and its id, dense ids first (by id), then sparse ones
  /// in the order they were first stored, without building the dictionary `types`
  /// builds.
  public func forEachType(_ body: (TypeID, CType) -> Void) {
    for (i, type) in dense.enumerated() {
      if let type { body(TypeID(UInt64(i)), type) }
    }
    for slot in sparse.types.indices {
      if let type = sparse.types[slot] { body(sparse.ids[slot], type) }
    }
  }

  /// Every id that may hold a type, in `forEachType`'s order: every dense index, then
  /// the sparse ids (for work split over threads by position).
  var allIDs: [TypeID] {
    (0..<dense.count).map { TypeID(UInt64($0)) } + sparse.ids
  }

  /// The number of types stored.
  public var count: Int { sparse.count + dense.reduce(0) { $0 + ($1 == nil ? 0 : 1) } }

  public subscript(_ id: TypeID) -> CType? {
    get {
      if id.rawValue < UInt64(dense.count) { return dense[Int(id.rawValue)] }
      return sparse.slots[id].flatMap { sparse.types[$0] }
    }
    set {
      let link = link(newValue)
      if id.rawValue < UInt64(dense.count) {
        links[Int(id.rawValue)] = link
        dense[Int(id.rawValue)] = newValue
      } else {
        // The id's slot, or a new one, found with one hash (a DWARF kernel's load stores
        // each of its 60,000 types twice: a placeholder, then the type).
        let fresh = sparse.types.count
        let slot = Self.found(&sparse.slots[id, default: fresh])
        if slot == fresh {
          sparse.ids.append(id)
          sparse.types.append(newValue)
          sparse.links.append(link)
          sparse.count += newValue != nil ? 1 : 0
        } else {
          sparse.count += (newValue != nil ? 1 : 0) - (sparse.types[slot] != nil ? 1 : 0)
          sparse.types[slot] = newValue
          sparse.links[slot] = link
        }
      }
      if newValue != nil { largestID = max(largestID, id.rawValue) }
    }
  }

  /// The value `slot` holds, read through the dictionary's in-place access (which
  /// stores the default first when the key is new).
  private static func found(_ slot: inout Int) -> Int { slot }

  /// An id not used yet, for synthesized types.
  public func freshID() -> TypeID {
    TypeID(largestID + 1)
  }

  /// Dense index of `id` for per-type side tables (`LayoutMemo`): nil for sparse ids.
  public func denseIndex(_ id: TypeID) -> Int? {
    id.rawValue < UInt64(dense.count) ? Int(id.rawValue) : nil
  }

  /// A number per id that may hold a type, below `walkIndexCount`: the dense index, or
  /// past the dense ids, the sparse slot (for per-type side tables of a whole walk).
  func walkIndex(_ id: TypeID) -> Int? {
    switch place(of: id) {
    case .dense(let i)?: i
    case .sparse(let slot)?: dense.count + slot
    case nil: nil
    }
  }

  var walkIndexCount: Int { dense.count + sparse.types.count }

  /// How many ids are stored by index.
  public var denseCount: Int { dense.count }

  public static func == (a: TypeTable, b: TypeTable) -> Bool {
    guard a.abi == b.abi else { return false }
    if a.dense.count == b.dense.count && a.largestID == b.largestID {
      return a.dense == b.dense && a.sparse.dictionary == b.sparse.dictionary
    }
    return a.types == b.types
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(abi)
    hasher.combine(count)
  }

  enum CodingKeys: String, CodingKey { case types, abi }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      types: try c.decode([TypeID: CType].self, forKey: .types),
      abi: try c.decode(TargetABI.self, forKey: .abi))
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(types, forKey: .types)
    try c.encode(abi, forKey: .abi)
  }

  /// What an id holds (a dense id's link by index, a sparse one's in its slot), for the
  /// walks through typedefs and qualifiers: no type, a type that is neither, one of them
  /// to `void`, or one of them to the id `link - Link.target`.
  enum Link {
    static let absent: UInt64 = 0
    static let other: UInt64 = 1
    static let toVoid: UInt64 = 2
    static let target: UInt64 = 3
  }

  private mutating func link(_ type: CType?) -> UInt64 {
    withUnsafePointer(to: type) { link($0) }
  }

  private mutating func link(_ type: UnsafePointer<CType?>) -> UInt64 {
    switch type.pointee {
    case nil: return Link.absent
    case .typedef(_, let target)?, .qualified(_, let target)?:
      guard let target else { return Link.toVoid }
      guard target.rawValue < .max - Link.target else {
        unlinkable = true
        return Link.other
      }
      return target.rawValue + Link.target
    default: return Link.other
    }
  }

  /// Where a type and its link are kept: a dense index, or a sparse id's slot (found by
  /// one hash of the id, then read by index).
  private enum Place {
    case dense(Int)
    case sparse(Int)
  }

  /// Where `id`'s type is kept; nil when nothing was ever stored under it.
  private func place(of id: TypeID) -> Place? {
    if id.rawValue < UInt64(dense.count) { return .dense(Int(id.rawValue)) }
    return sparse.slots[id].map { .sparse($0) }
  }

  private func link(at place: Place) -> UInt64 {
    switch place {
    case .dense(let i): links[i]
    case .sparse(let slot): sparse.links[slot]
    }
  }

  private func type(at place: Place) -> CType? {
    switch place {
    case .dense(let i): dense[i]
    case .sparse(let slot): sparse.types[slot]
    }
  }

  /// One step of a walk through typedefs and qualifiers from the type at `place`: where
  /// it leads (`.next`, nil for `void`), or that it is the end (`.end`) or holds
  /// nothing (`.absent`).
  private enum Step {
    case absent
    case end
    case next(TypeID?)
  }

  private func step(at place: Place) -> Step {
    if !unlinkable {
      switch link(at: place) {
      case Link.absent: return .absent
      case Link.other: return .end
      case Link.toVoid: return .next(nil)
      case let link: return .next(TypeID(link - Link.target))
      }
    }
    // No links to go by: the type itself.
    switch type(at: place) {
    case nil: return .absent
    case .typedef(_, let target)?, .qualified(_, let target)?: return .next(target)
    default: return .end
    }
  }

  /// The type behind typedefs and qualifiers.
  public func resolved(_ id: TypeID?) -> CType? {
    var current = id
    for _ in 0..<Self.maxWalkDepth {  // bounded: a second guard (`walkProblem`)
      guard let c = current else { return .void }
      guard let place = place(of: c) else { return nil }
      switch step(at: place) {
      case .absent: return nil
      case .end: return type(at: place)
      case .next(let next): current = next
      }
    }
    return nil
  }

  /// The id behind typedefs and qualifiers.
  public func resolvedID(_ id: TypeID?) -> TypeID? {
    var current = id
    for _ in 0..<Self.maxWalkDepth {
      guard let c = current, let place = place(of: c) else { return nil }
      switch step(at: place) {
      case .absent: return nil
      case .end: return c
      case .next(let next): current = next
      }
    }
    return nil
  }

  /// The aggregate behind typedefs and qualifiers, if that is what `id` is.
  public func aggregate(_ id: TypeID) -> AggregateType? {
    if case .aggregate(let a) = resolved(id) { return a }
    return nil
  }

  /// `sizeof`, or nil when unknown (declarations, flexible arrays, functions).
  public func size(of id: TypeID?) -> UInt64? {
    size(of: id, depth: 0)
  }

  private func size(of id: TypeID?, depth: Int) -> UInt64? {
    guard depth < Self.maxWalkDepth else { return nil }
    // The type read in place (`withType`); `void` has no size. The closures do not
    // call back into the table: a closure that recursed was not inlined, and the type
    // it was lent was copied (its box counted, from each thread at once).
    guard let id = resolvedID(id) else { return nil }
    if let element = arrayElement(of: id) {
      guard let elementSize = size(of: element, depth: depth + 1) else { return nil }
      return withType(id) { type in
        guard case .array(_, let counts)? = type.pointee else { return nil }
        var total = elementSize
        for i in counts.indices {
          guard let count = counts[i] else { return 0 }
          let (product, overflow) = total.multipliedReportingOverflow(by: count)
          if overflow { return nil }
          total = product
        }
        return total
      }
    }
    return withType(id) { type in
      switch type.pointee {
      case nil, .void?, .function?, .unknown?, .typedef?, .qualified?, .array?: return nil
      case .base(_, let size, _)?, .pointer(_, let size)?: return size
      case .aggregate(let a)?: return a.byteSize
      case .enumeration(_, let size, _)?: return size
      }
    }
  }

  /// Whether the type is (behind typedefs) an array with an unknown or zero bound.
  public func isFlexibleArray(_ id: TypeID) -> Bool {
    if case .array(_, let counts) = resolved(id) {
      return counts.first.map { $0 == nil || $0 == 0 } ?? false
    }
    return false
  }

  /// For a named struct or union, or an array of one: its name and the element count
  /// (1 for a single struct; nil for an array of unknown bound or an overflowing count).
  public func elementShape(of id: TypeID) -> (name: String, count: UInt64?)? {
    switch resolved(id) {
    case .aggregate(let a)?:
      return a.name.map { ($0, 1) }
    case .array(let element, let counts)?:
      guard let name = aggregate(element)?.name else { return nil }
      var total: UInt64? = 1
      for count in counts {
        guard let c = count, let t = total else { return (name, nil) }
        let (product, overflow) = t.multipliedReportingOverflow(by: c)
        total = overflow ? nil : product
      }
      return (name, total)
    default:
      return nil
    }
  }
}
