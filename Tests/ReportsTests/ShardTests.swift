import Frontend
import Testing

/// The split `--shard K/N` makes, as docs/ci.md and scripts/parity-sweep describe it.
struct ShardTests {
  @Test func theHashIsFNV1a64() {
    // The published FNV-1a test vectors.
    #expect(Shard.hash(Array("".utf8)) == 0xcbf2_9ce4_8422_2325)
    #expect(Shard.hash(Array("a".utf8)) == 0xaf63_dc4c_8601_ec8c)
    #expect(Shard.hash(Array("foobar".utf8)) == 0x8594_4171_f739_67e8)
  }

  @Test func everyPathIsInExactlyOneShard() throws {
    let paths = (0..<500).map { Array("kernel/drivers/m\($0).ko".utf8) }
    for n in [1, 2, 7] {
      let shards = try (1...n).map { try #require(Shard("\($0)/\(n)")) }
      for path in paths { #expect(shards.filter { $0.contains(path) }.count == 1) }
    }
  }

  @Test func onlyKOverNIsAShard() {
    #expect(Shard("2/4")?.description == "2/4")
    for bad in ["0/4", "5/4", "4", "/4", "2/", "a/4", "+1/4", "1/4097", "2/4/8", "１/4"] {
      #expect(Shard(bad) == nil, "\(bad)")
    }
  }
}
