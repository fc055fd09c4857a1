/// Questions about one type that keep nothing of it, answered where the table stores it.
///
/// A type is an `indirect` enum: reading one out of the table (`table[id]`) takes a
/// reference on its box and drops it again. When two threads lay out or print the same
/// kernel, the boxes of its common types (`list_head`, `spinlock_t`) are counted from
/// both cores at once, and each count waits for the other core's: the member lines of a
/// whole-kernel BTF dump asked the table about 400,000 types that way. A question whose
/// answer is a kind, a size, a target or whether there is a name is asked here instead.
extension TypeTable {
  /// `body` with the type stored under `id` (nil: none), borrowed where it is stored.
  @inlinable
  public func withType<Result>(_ id: TypeID, _ body: (borrowing CType?) -> Result) -> Result {
    if id.rawValue < UInt64(dense.count) {
      return dense.withUnsafeBufferPointer { body($0[Int(id.rawValue)]) }
    }
    guard let slot = sparse.slots[id] else { return body(nil) }
    return sparse.types.withUnsafeBufferPointer { body($0[slot]) }
  }

  /// The element type, when `id` is an array.
  public func arrayElement(of id: TypeID) -> TypeID? {
    withType(id) { type in
      if case .array(let element, _)? = type { return element }
      return nil
    }
  }

  /// Whether `id` is a pointer (to anything, `void` included).
  public func isPointer(_ id: TypeID) -> Bool {
    withType(id) { type in
      if case .pointer? = type { return true }
      return false
    }
  }

  /// What `id` points to, when it is a pointer to a type (not to `void`).
  public func pointerTarget(of id: TypeID) -> TypeID? {
    withType(id) { type in
      if case .pointer(let target?, _)? = type { return target }
      return nil
    }
  }

  /// The qualifier and its target, when `id` is a qualified type.
  public func qualifier(of id: TypeID) -> (qualifier: Qualifier, target: TypeID?)? {
    withType(id) { type in
      if case .qualified(let q, let target)? = type { return (q, target) }
      return nil
    }
  }
}
