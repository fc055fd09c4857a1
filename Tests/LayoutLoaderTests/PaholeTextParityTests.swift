import LayoutLoader
import Reports
import TestSupport
import Testing

/// Beyond the numbers: the text itself reads as pahole's, byte for byte, for every
/// struct of every fixture, except where pahole 1.24 is wrong or infers things that
/// DWARF does not say. Each such place is listed here with the reason; anything else
/// that differs fails.
struct PaholeTextParityTests {
  /// (type, fixture path fragment or "" for all, why we differ).
  static let deviations: [(type: String, files: String, reason: String)] = [
    ("struct kset_uevent_ops", "", "const function pointer: pahole prints `const int (*filter)(…)`, C and we say `int (*const filter)(…)`"),
    ("struct td_qualified", "", "qualified pointers: pahole prints `const const char  *` for `const char *const`"),
    ("struct fx_ptr_arrays", "", "pointer to array: pahole drops the array (`int * rows`), we print `int (*rows)[8]`"),
    ("struct pa_packed_aligned", "", "packed and aligned(8): pahole hides `__packed__` when an alignment is given"),
    ("struct pa_contains_packed", "", "pahole calls a struct packed because it holds a packed member; its members are all naturally aligned"),
    ("struct bf_types", "", "pahole's condition for `Bitfield combined with next fields` between two bit fields is not derivable"),
    ("struct bf_signed", "", "pahole's summary leaves out the 4-byte hole it prints before `sll`"),
    ("struct bf_span", "i686", "i386 aligns long long to 4: pahole assumes 8 and calls the struct packed"),
    ("struct an_simple", "x86_64-clang", "pahole repeats clang's anonymous union outside the struct"),
    ("struct an_mixed", "x86_64-clang", "pahole repeats clang's anonymous members"),
    ("struct an_deep", "x86_64-clang", "pahole repeats clang's anonymous members"),
    ("struct an_struct_in_union", "x86_64-clang", "pahole repeats clang's anonymous members"),
    ("struct un_holder", "x86_64-clang", "pahole repeats clang's anonymous members"),
    ("struct un_deep", "x86_64-clang", "pahole repeats clang's anonymous members"),
    ("struct pa_alignas", "x86_64-clang", "pahole prints `char :8` padding lines for clang's alignment"),
    ("struct pa_aligned_member", "x86_64-clang", "pahole prints `char :8` padding lines for clang's alignment"),
    ("struct pa_array_of_aligned", "x86_64-clang", "pahole prints `char :8` padding lines for clang's alignment"),
    ("struct hole_cacheline", "armhf", "pahole prints `Force padding:` lines: it misses armhf's 8-byte alignment of long long"),
    ("struct hole_inner", "armhf", "pahole prints `Force padding:` lines: it misses armhf's 8-byte alignment of long long"),
    ("struct hole_nested", "armhf", "pahole prints `Force padding:` lines: it misses armhf's 8-byte alignment of long long"),
  ]

  @Test(arguments: PaholeDifferentialTests.inputs)
  func textMatchesPahole(relative: String) throws {
    let oracle = try #require(Fixtures.oracle(for: relative, kind: "pahole.txt"))
    let result = try LayoutRequest(path: Fixtures.path(relative), types: []).run()
    let renderer = LayoutTextRenderer(table: result.table)
    var ours: [String: String] = [:]
    for layout in result.layouts {
      let block = renderer.render(layout)
      let heading = String(block.prefix { $0 != "\n" }.dropLast(2))
      if ours[heading] == nil { ours[heading] = block }
    }
    var differing: [String] = []
    for expected in PaholeOracle.parse(oracle) where expected.heading.split(separator: " ").count == 2 {
      guard ours[expected.heading] != expected.text else { continue }
      let excused = Self.deviations.contains { $0.type == expected.heading && ($0.files.isEmpty || relative.contains($0.files)) }
      if !excused { differing.append("\(expected.heading):\n\(expected.text)--- ours:\n\(ours[expected.heading] ?? "missing\n")") }
    }
    #expect(differing.isEmpty, "\(relative): \(differing.count) types differ from pahole's text:\n\(differing.prefix(3).joined(separator: "\n"))")
  }
}
