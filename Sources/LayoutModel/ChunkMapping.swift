/// Independent work over chunks of `0..<count`, results in chunk order: on one thread
/// or several, as the caller decides. The model starts no threads of its own; a caller
/// that has threads to give passes them in through this (the loaders pass
/// `System.Workers`), and without one the work runs here, in order.
public protocol ChunkMapping {
  /// `body` over contiguous chunks covering `0..<count`, each thread with state of its
  /// own from `makeState`; the chunks' results in order.
  func map<State, Result>(
    chunksOf count: Int, state makeState: () -> State,
    _ body: (inout State, Range<Int>) -> Result
  ) -> [Result]
}

/// All of it as one chunk, on the calling thread.
public struct SerialChunks: ChunkMapping {
  public init() {}

  public func map<State, Result>(
    chunksOf count: Int, state makeState: () -> State,
    _ body: (inout State, Range<Int>) -> Result
  ) -> [Result] {
    guard count > 0 else { return [] }
    var state = makeState()
    return [body(&state, 0..<count)]
  }
}
