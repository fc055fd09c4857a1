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
final class TypeMemo<Value> {
  private struct Stores {
    var dense: [Value?] = []
    var sparse: [TypeID: Value] = [:]
  }

  private let stores: UnsafeMutablePointer<Stores>
  /// The table's dense ids. Answers go to the dictionary until there are many: a memo
  /// asked about a few types (a `TypeNaming` made for one diff) never pays for an array
  /// as long as the table.
  private let denseCount: Int
  private static var denseThreshold: Int { 4096 }

  init(_ table: TypeTable) {
    denseCount = table.denseCount
    stores = .allocate(capacity: 1)
    stores.initialize(to: Stores())
  }

  deinit {
    stores.deinitialize(count: 1)
    stores.deallocate()
  }

  subscript(_ id: TypeID) -> Value? {
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
