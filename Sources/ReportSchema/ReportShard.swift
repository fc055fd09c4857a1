/// Which part of a sharded batch run a report is (`scan` and `safety` with `--shard
/// K/N`): shard `index` (from 1) of `count`. The JSON of the shards joins into the whole
/// run's (docs/ci.md).
public struct ReportShard: Codable, Sendable, Equatable {
  public var index: Int
  public var count: Int

  public init(index: Int, count: Int) {
    self.index = index
    self.count = count
  }
}
