/// Answers about the types of one table, each computed once, in a hash table of its
/// own keyed by type id (open addressing, ids hashed by one multiplication). A class so
/// that the values computing layouts (`Alignment`, `LayoutFacts`, `TypeNaming`) can fill
/// it while they are passed around; what it holds is a function of the table alone, so
/// sharing it is invisible.
///
/// Its size follows the answers it holds, not the table: a whole kernel's BTF has
/// 150,000 ids, and memos of a slot per id (a `Dictionary` below 512 answers, an array
/// above) took megabytes each, fifty of them in one dump, every page of which the
/// kernel had to fault in; a `Dictionary` hashed each id with SipHash.
///
/// The stores sit behind a pointer the memo owns: a class's stored `var`s are checked
/// for exclusive access on every use at run time, and this memo is used hundreds of
/// thousands of times in a whole-kernel dump (the checks were 5% of it). Nothing here
/// calls out while a store is being accessed, so the checks could never fire.
public final class TypeMemo<Value> {
  @usableFromInline
  struct Stores {
    /// Each slot's id plus one (0: an empty slot); a power of two long, at most half
    /// full.
    @usableFromInline var keys: [UInt64] = []
    /// For each slot whose key is set, the index of its answer in `values` (-1: none).
    @usableFromInline var answers: [Int32] = []
    @usableFromInline var values: [Value] = []
    /// The answer for the one id whose key would read as an empty slot (`UInt64.max`).
    @usableFromInline var largestIDAnswer: Value?
    @usableFromInline init() {}
  }

  @usableFromInline let stores: UnsafeMutablePointer<Stores>

  /// An empty memo for answers about `table`'s types (named for the reader: the memo
  /// grows with its answers, whatever the table's size).
  public init(_ table: TypeTable) {
    stores = .allocate(capacity: 1)
    stores.initialize(to: Stores())
  }

  deinit {
    stores.deinitialize(count: 1)
    stores.deallocate()
  }

  /// The slot of `id`: where its key is, or the empty slot where it would go.
  @inlinable
  func slot(of id: TypeID) -> Int {
    let mask = stores.pointee.keys.count &- 1
    let key = id.rawValue &+ 1
    var i = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    while true {
      let found = stores.pointee.keys[i]
      if found == key || found == 0 { return i }
      i = (i &+ 1) & mask
    }
  }

  // Inlinable so that each module using it gets code for its own `Value`: a generic
  // call per lookup went through the runtime's metadata for `Value?` (a renderer's
  // memo cost more than what it saved).
  @inlinable
  public subscript(_ id: TypeID) -> Value? {
    get {
      if id.rawValue == .max { return stores.pointee.largestIDAnswer }
      guard !stores.pointee.keys.isEmpty else { return nil }
      let i = slot(of: id)
      guard stores.pointee.keys[i] != 0 else { return nil }
      let answer = Int(stores.pointee.answers[i])
      return answer < 0 ? nil : stores.pointee.values[answer]
    }
    set {
      if id.rawValue == .max {
        stores.pointee.largestIDAnswer = newValue
        return
      }
      if stores.pointee.keys.isEmpty {
        guard newValue != nil else { return }
        grow()
      }
      var i = slot(of: id)
      if stores.pointee.keys[i] == 0 {
        guard newValue != nil else { return }
        if (stores.pointee.values.count + 1) * 2 > stores.pointee.keys.count {
          grow()
          i = slot(of: id)
        }
        stores.pointee.keys[i] = id.rawValue &+ 1
        stores.pointee.answers[i] = -1
      }
      let answer = Int(stores.pointee.answers[i])
      switch (answer, newValue) {
      case (-1, let value?):
        stores.pointee.answers[i] = Int32(stores.pointee.values.count)
        stores.pointee.values.append(value)
      case (_, let value?): stores.pointee.values[answer] = value
      case (_, nil): stores.pointee.answers[i] = -1  // its old value stays, unused
      }
    }
  }

  /// Twice the slots (16 at first), every key placed again.
  @usableFromInline
  func grow() {
    let old = stores.pointee
    let capacity = max(16, old.keys.count * 2)
    stores.pointee.keys = [UInt64](repeating: 0, count: capacity)
    stores.pointee.answers = [Int32](repeating: -1, count: capacity)
    for (i, key) in old.keys.enumerated() where key != 0 {
      let j = slot(of: TypeID(key &- 1))
      stores.pointee.keys[j] = key
      stores.pointee.answers[j] = old.answers[i]
    }
  }
}
