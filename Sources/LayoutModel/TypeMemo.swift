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
    @usableFromInline var dense: [Value?] = []
    @usableFromInline var sparse: [TypeID: Value] = [:]
    @usableFromInline init(dense: [Value?] = [], sparse: [TypeID: Value] = [:]) {
      self.dense = dense
      self.sparse = sparse
    }
  }

  @usableFromInline let stores: UnsafeMutablePointer<Stores>
  /// The table's dense ids. Answers go to the dictionary until there are many: a memo
  /// asked about a few types (a `TypeNaming` made for one diff) never pays for an array
  /// as long as the table. Past 512 answers the array is cheaper: with 4096, the
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
      id.rawValue < UInt64(stores.pointee.dense.count)
        ? stores.pointee.dense[Int(id.rawValue)] : stores.pointee.sparse[id]
    }
    set {
      if id.rawValue < UInt64(stores.pointee.dense.count) {
        stores.pointee.dense[Int(id.rawValue)] = newValue
        return
      }
      stores.pointee.sparse[id] = newValue
      if stores.pointee.dense.isEmpty && denseCount > 0
        && stores.pointee.sparse.count >= Self.denseThreshold
      {
        // Many answers: the dense ids move to an array.
        var dense = [Value?](repeating: nil, count: denseCount)
        var sparse: [TypeID: Value] = [:]
        for (id, value) in stores.pointee.sparse {
          if id.rawValue < UInt64(denseCount) {
            dense[Int(id.rawValue)] = value
          } else {
            sparse[id] = value
          }
        }
        stores.pointee = Stores(dense: dense, sparse: sparse)
      }
    }
  }
}
