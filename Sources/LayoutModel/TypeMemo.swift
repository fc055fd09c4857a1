/// Answers about the types of one table, each computed once: by index for the table's
/// dense ids (BTF), in a dictionary for the others (DWARF offsets). A class so that the
/// values computing layouts (`Alignment`, `LayoutFacts`, `TypeNaming`) can fill it while
/// they are passed around; what it holds is a function of the table alone, so sharing
/// it is invisible.
///
/// The stores sit behind a pointer the memo owns: a class's stored `var`s are checked
/// for exclusive access on every use at run time, and this memo is used hundreds of
/// thousands of times in a whole-kernel dump (the checks were 5% of it). Nothing here
/// calls out while a store is being accessed, so the checks could never fire.
public final class TypeMemo<Value> {
  @usableFromInline
  struct Stores {
    /// For each dense id, 1 + the index of its answer in `values` (0: none yet). Slots
    /// of four bytes, not optional values: a whole kernel's BTF has 150,000 ids, and an
    /// array of optional spellings or layouts that long took megabytes to clear and
    /// destroy per memo, for the few thousand answers it held.
    @usableFromInline var slots: [Int32] = []
    @usableFromInline var values: [Value] = []
    @usableFromInline var sparse: [TypeID: Value] = [:]
    @usableFromInline init() {}
  }

  @usableFromInline let stores: UnsafeMutablePointer<Stores>
  /// The table's dense ids. Answers go to the dictionary until there are many: a memo
  /// asked about a few types (a `TypeNaming` made for one diff) never pays for slots as
  /// many as the table's ids. Past 512 answers the slots are cheaper: with 4096, the
  /// alignment memo of a whole-kernel dump stayed a dictionary and hashed 150,000 ids.
  @usableFromInline let denseCount: Int
  @usableFromInline static var denseThreshold: Int { 512 }

  public init(_ table: TypeTable) {
    denseCount = table.denseCount
    stores = .allocate(capacity: 1)
    stores.initialize(to: Stores())
  }

  deinit {
    stores.deinitialize(count: 1)
    stores.deallocate()
  }

  // Inlinable so that each module using it gets code for its own `Value`: a generic
  // call per lookup went through the runtime's metadata for `Value?` (a renderer's
  // memo cost more than what it saved).
  @inlinable
  public subscript(_ id: TypeID) -> Value? {
    get {
      if id.rawValue < UInt64(stores.pointee.slots.count) {
        let slot = Int(stores.pointee.slots[Int(id.rawValue)])
        return slot == 0 ? nil : stores.pointee.values[slot - 1]
      }
      return stores.pointee.sparse[id]
    }
    set {
      if id.rawValue < UInt64(stores.pointee.slots.count) {
        let slot = Int(stores.pointee.slots[Int(id.rawValue)])
        switch (slot, newValue) {
        case (0, let value?):
          stores.pointee.values.append(value)
          stores.pointee.slots[Int(id.rawValue)] = Int32(stores.pointee.values.count)
        case (_, let value?): stores.pointee.values[slot - 1] = value
        case (0, nil): break
        case (_, nil): stores.pointee.slots[Int(id.rawValue)] = 0  // its old value stays unused
        }
        return
      }
      stores.pointee.sparse[id] = newValue
      if stores.pointee.slots.isEmpty && denseCount > 0 && denseCount < Int(Int32.max)
        && stores.pointee.sparse.count >= Self.denseThreshold
      {
        // Many answers: the dense ids move to slots.
        var moved = Stores()
        moved.slots = [Int32](repeating: 0, count: denseCount)
        for (id, value) in stores.pointee.sparse {
          if id.rawValue < UInt64(denseCount) {
            moved.values.append(value)
            moved.slots[Int(id.rawValue)] = Int32(moved.values.count)
          } else {
            moved.sparse[id] = value
          }
        }
        stores.pointee = moved
      }
    }
  }
}
