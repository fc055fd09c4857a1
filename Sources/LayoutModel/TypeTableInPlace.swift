/// Questions about one type that keep nothing of it, answered where the table stores it.
///
/// A type is an `indirect` enum: reading one out of the table (`table[id]`) takes a
/// reference on its box and drops it again. When two threads lay out or print the same
/// kernel, the boxes of its common types (`list_head`, `spinlock_t`) are counted from
/// both cores at once, and each count waits for the other core's: the member lines of a
/// whole-kernel BTF dump asked the table about 400,000 types that way. A question whose
/// answer is a kind, a size, a target or whether there is a name is asked here instead.
extension TypeTable {
  /// `body` with the address of the type stored under `id` (its `pointee` nil: none),
  /// valid during the call only. An address, not the type lent: a type lent to a
  /// closure that is not inlined was copied on the way in (its box counted), and an
  /// address is not; a `switch` on its `pointee` reads the type where it lies.
  @inlinable
  public func withType<Result>(
    _ id: TypeID, _ body: (UnsafePointer<CType?>) -> Result
  ) -> Result {
    if id.rawValue < UInt64(dense.count) {
      return dense.withUnsafeBufferPointer {
        body($0.baseAddress.unsafelyUnwrapped + Int(id.rawValue))
      }
    }
    guard let slot = sparse.slots[id] else {
      let none: CType? = nil
      return withUnsafePointer(to: none) { body($0) }
    }
    return sparse.types.withUnsafeBufferPointer { body($0.baseAddress.unsafelyUnwrapped + slot) }
  }

  /// `body` with the struct or union behind typedefs and qualifiers, lent where it is
  /// stored; nil when `id` is no struct or union. `body` should not call back into
  /// the table itself: a closure that does is not inlined, and the type is then copied.
  @inlinable
  public func withAggregate<Result>(
    _ id: TypeID, _ body: (borrowing AggregateType) -> Result
  ) -> Result? {
    guard let id = resolvedID(id) else { return nil }
    return withType(id) { type in
      guard case .aggregate(let a)? = type.pointee else { return nil }
      return body(a)
    }
  }

  /// The element type, when `id` is an array.
  public func arrayElement(of id: TypeID) -> TypeID? {
    withType(id) { type in
      if case .array(let element, _)? = type.pointee { return element }
      return nil
    }
  }

  /// Whether `id` is a pointer (to anything, `void` included).
  public func isPointer(_ id: TypeID) -> Bool {
    withType(id) { type in
      if case .pointer? = type.pointee { return true }
      return false
    }
  }

  /// What `id` points to, when it is a pointer to a type (not to `void`).
  public func pointerTarget(of id: TypeID) -> TypeID? {
    withType(id) { type in
      if case .pointer(let target?, _)? = type.pointee { return target }
      return nil
    }
  }

  /// The qualifier and its target, when `id` is a qualified type.
  public func qualifier(of id: TypeID) -> (qualifier: Qualifier, target: TypeID?)? {
    withType(id) { type in
      if case .qualified(let q, let target)? = type.pointee { return (q, target) }
      return nil
    }
  }

  /// The types of a struct's or union's members, in order (empty for any other type):
  /// for walks that go on from each member, outside the borrowed read (a closure that
  /// calls back into the table is not inlined, and its type is then copied).
  public func memberTypes(of id: TypeID) -> [TypeID] {
    withType(id) { type in
      guard case .aggregate(let a)? = type.pointee else { return [] }
      return a.members.map(\.type)
    }
  }
}
