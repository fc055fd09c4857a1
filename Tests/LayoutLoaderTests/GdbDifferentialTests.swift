import LayoutLoader
import LayoutModel
import TestSupport
import Testing

/// The second oracle: gdb's `ptype /o` on the same files (it relocates ET_REL files
/// itself, independently of libdwfl). Every struct gdb describes must have our size and
/// our top-level member positions.
struct GdbDifferentialTests {
  static let inputs = PaholeDifferentialTests.inputs.filter {
    Fixtures.oracle(for: $0, kind: "gdb.txt") != nil
  }

  @Test(arguments: inputs)
  func layoutsMatchGdb(relative: String) throws {
    let oracle = try #require(Fixtures.oracle(for: relative, kind: "gdb.txt"))
    let result = try LayoutRequest(path: Fixtures.path(relative), types: []).run()
    var ours: [String: StructLayout] = [:]
    for layout in result.layouts where layout.name != nil {
      let key = layout.kind.rawValue + " " + layout.name!
      if ours[key] == nil { ours[key] = layout }
    }
    var mismatches: [String] = []
    let expected = GdbOracle.parse(oracle)
    for block in expected {
      guard let layout = ours[block.heading] else {
        mismatches.append("\(block.heading): missing")
        continue
      }
      // gdb prints the bit of a bit field counted in memory order; on big-endian
      // targets that is the same absolute position DWARF 4+ gives.
      let members = layout.members.map { [$0.bitOffset, $0.byteSize ?? 0] }
      if layout.size != block.size || members != block.members {
        mismatches.append(
          "\(block.heading): gdb size \(block.size ?? 0) \(block.members), ours \(layout.size) \(members)"
        )
      }
    }
    #expect(!expected.isEmpty)
    #expect(mismatches.isEmpty, "\(relative): \(mismatches.prefix(5).joined(separator: "\n"))")
  }
}

extension GdbDifferentialTests {
  /// Guards the guard: the parser must find thousands of structs with members, so a
  /// silent parsing failure cannot turn the comparison into a test that always passes.
  @Test func oracleParsesIntoRealStructs() throws {
    let sample = try #require(
      Fixtures.oracle(for: "modules/6.1/dwarf5/livepatch-sample.ko", kind: "gdb.txt"))
    let blocks = GdbOracle.parse(sample)
    #expect(blocks.count > 200)
    let klpFunc = try #require(blocks.first { $0.heading == "struct klp_func" })
    #expect(klpFunc.size == 152)
    #expect(klpFunc.members.count == 12)
    #expect(klpFunc.members[4] == [32 * 8, 64])
    let bits = try #require(
      GdbOracle.parse(Fixtures.oracle(for: "obj/x86_64/dwarf5/bitfields.o", kind: "gdb.txt") ?? "")
        .first { $0.heading == "struct bf_basic" })
    #expect(bits.members.map { $0[0] } == [0, 1, 4, 11, 32])
  }
}
