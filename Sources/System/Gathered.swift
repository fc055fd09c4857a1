extension Workers {
  /// The elements `body` appends for each chunk of `0..<count`, joined in chunk order:
  /// the same array as one pass appending them all. Each chunk's elements are moved
  /// into the result, not copied and then released (a whole kernel's ten thousand
  /// layouts copied out of their chunks were 2% of a whole-BTF dump, all on one thread).
  public func gather<State, Element>(
    chunksOf count: Int, state makeState: () -> State,
    _ body: (inout State, Range<Int>, Gathered<Element>) -> Void
  ) -> [Element] {
    let parts = map(chunksOf: count, state: makeState) { state, range -> Gathered<Element> in
      let part = Gathered<Element>()
      body(&state, range, part)
      return part
    }
    let total = parts.reduce(0) { $0 + $1.count }
    return [Element](unsafeUninitializedCapacity: total) { buffer, initialized in
      guard let base = buffer.baseAddress else { return }
      for part in parts { initialized += part.moveAll(to: base + initialized) }
    }
  }
}

/// The elements one chunk appended, owned here until `gather` moves them out. Used by
/// the one thread that took the chunk, then by `gather` after all threads are done.
public final class Gathered<Element> {
  private var base: UnsafeMutablePointer<Element>
  private var capacity = 16
  /// Elements appended and not moved out yet.
  fileprivate private(set) var count = 0

  init() { base = .allocate(capacity: capacity) }

  deinit {
    base.deinitialize(count: count)
    base.deallocate()
  }

  public func append(_ element: consuming Element) {
    if count == capacity {
      let bigger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
      bigger.moveInitialize(from: base, count: count)
      base.deallocate()
      base = bigger
      capacity *= 2
    }
    (base + count).initialize(to: element)
    count += 1
  }

  /// Moves every element to `target` (uninitialized room for `count`), leaving none.
  fileprivate func moveAll(to target: UnsafeMutablePointer<Element>) -> Int {
    let moved = count
    target.moveInitialize(from: base, count: moved)
    count = 0
    return moved
  }
}
