import LayoutModel
import System

/// The model spreads its table-wide passes over chunks through `ChunkMapping`; the
/// loaders give it their threads.
extension Workers: ChunkMapping {
  public func map<State, Result>(
    chunksOf count: Int, state makeState: () -> State,
    _ body: (inout State, Range<Int>) -> Result
  ) -> [Result] {
    map(chunksOf: count, chunksPerWorker: 16, minimumChunk: 64, state: makeState, body)
  }
}
