/// One of N disjoint parts of a batch run (`scan`, `safety`, `scripts/parity-sweep`
/// `--shard K/N`), so that a CI matrix of N jobs covers a tree once: an entry belongs to
/// shard K when the FNV-1a hash (64 bits) of its relative path's bytes, modulo N, is
/// K − 1. The split depends only on the relative path, never on the machine, the order
/// of the walk or what else is in the tree, so the shards are disjoint and together
/// are the whole run, and a module stays in its shard from one run to the next.
public struct Shard: Hashable, Sendable, CustomStringConvertible {
  /// K, from 1.
  public let index: Int
  /// N.
  public let count: Int

  /// At most this many shards (a CI matrix is far smaller).
  public static let maxCount = 4096

  /// `K/N` with 1 ≤ K ≤ N ≤ `maxCount`; nil otherwise.
  public init?(_ text: String) {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]),
      (1...Self.maxCount).contains(n), (1...n).contains(k),
      parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) })
    else { return nil }
    index = k
    count = n
  }

  public var description: String { "\(index)/\(count)" }

  /// Whether the entry at `relativePath` (its bytes, as found) is in this shard.
  public func contains(_ relativePath: some Sequence<UInt8>) -> Bool {
    Self.hash(relativePath) % UInt64(count) == UInt64(index - 1)
  }

  /// FNV-1a, 64 bits: offset basis 0xcbf29ce484222325, prime 0x100000001b3.
  public static func hash(_ bytes: some Sequence<UInt8>) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return hash
  }
}
