import Foundation
import TestSupport
import Testing

/// `scan` and `safety` with `--shard K/N`: the shards are disjoint, together they are the
/// whole run, and each says which shard it is.
@Suite struct ShardCommandTests {
  static func json(_ args: [String]) throws -> [String: Any] {
    let r = try CLI.run(args + ["--format", "json"])
    #expect(r.status == 0 || r.status == 1, "\(args): \(r.stderr)")
    return try #require(
      try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
  }

  static func modulePaths(_ document: [String: Any]) -> [String] {
    (document["modules"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
  }

  @Test(arguments: [1, 2, 5]) func scanShardsPartitionTheTree(count: Int) throws {
    let tree = Fixtures.path("modules")
    let whole = try Self.json(["scan", tree])
    var union: [String] = []
    var scanned = 0
    for k in 1...count {
      let part = try Self.json(["scan", tree, "--shard", "\(k)/\(count)"])
      #expect(part["shard"] as? [String: Int] == ["index": k, "count": count])
      union += Self.modulePaths(part)
      scanned += (part["totals"] as? [String: Any])?["scanned"] as? Int ?? 0
    }
    let all = Self.modulePaths(whole)
    #expect(all.count > 10)
    #expect(Set(union).count == union.count, "disjoint")
    #expect(union.sorted() == all.sorted(), "together the whole tree")
    #expect(scanned == (whole["totals"] as? [String: Any])?["scanned"] as? Int)
    #expect(whole["shard"] == nil)
  }

  @Test func safetyShardsPartitionThePairs() throws {
    let base = Fixtures.path("safety/x86_64/dwarf5")
    let args = ["safety", base + "/orig", base + "/patched"]
    let whole = try Self.json(args)
    func changed(_ d: [String: Any]) -> [String] {
      (d["changes"] as? [[String: Any]] ?? []).map {
        "\($0["file"] as? String ?? "") \($0["entity"] as? String ?? "") \($0["name"] as? String ?? "")"
      }
    }
    func compared(_ d: [String: Any]) -> Int {
      ((d["files"] as? [String: Any])?["compared"] as? Int ?? 0)
        + ((d["files"] as? [String: Any])?["identical"] as? Int ?? 0)
    }
    var union: [String] = []
    var pairs = 0
    for k in 1...3 {
      let part = try Self.json(args + ["--shard", "\(k)/3"])
      union += changed(part)
      pairs += compared(part)
    }
    #expect(union.sorted() == changed(whole).sorted())
    #expect(pairs == compared(whole))
  }

  @Test func aShardOutOfRangeIsAUsageError() throws {
    for bad in ["0/3", "4/3", "3", "1/0", "1/-2", "a/b", "1/3/4", " 1/3", "1/5000"] {
      let r = try CLI.run(["scan", Fixtures.path("modules"), "--shard", bad])
      #expect(r.status == 2, "\(bad)")
      #expect(r.stderr.contains("expected K/N"), "\(bad): \(r.stderr)")
    }
  }
}
