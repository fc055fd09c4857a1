import LayoutLoader
import Reports
import TestSupport
import Testing

/// The text from BTF reads as `pahole -F btf` on the same BTF, byte for byte, except
/// where listed here with the reason; anything else that differs fails.
struct BTFPaholeParityTests {
  /// (type, fixture path fragment or "" for all, why we differ).
  static let deviations: [(type: String, files: String, reason: String)] = [
    // The same as with DWARF (PaholeTextParityTests): pahole's spelling or summary.
    (
      "struct kset_uevent_ops", "",
      "const function pointer: pahole prints `const int (*filter)(…)`, C and we say `int (*const filter)(…)`"
    ),
    (
      "struct td_qualified", "",
      "qualified pointers: pahole prints `const const char  *` for `const char *const`"
    ),
    (
      "struct fx_ptr_arrays", "",
      "pointer to array: pahole drops the array (`int * rows`), we print `int (*rows)[8]`"
    ),
    (
      "struct pa_packed_aligned", "",
      "packed and aligned(8): pahole hides `__packed__` when an alignment is given"
    ),
    (
      "struct pa_contains_packed", "",
      "pahole calls a struct packed because it holds a packed member; its members are all naturally aligned"
    ),
    (
      "struct bf_types", "",
      "pahole's condition for `Bitfield combined with next fields` between two bit fields is not derivable"
    ),
    ("struct bf_signed", "", "pahole's summary leaves out the 4-byte hole it prints before `sll`"),
    // Raw BTF does not name the machine: i386's 4-byte alignment of 8-byte scalars
    // inside structs cannot be known, so a `long long` at a 4-byte offset reads as
    // packed (pahole -F btf does not call them packed; with DWARF it does, wrongly).
    (
      "struct hole_cacheline", "i686",
      "raw BTF: the i386 rule for long long alignment is unknown; we call the struct packed"
    ),
    (
      "struct hole_inner", "i686",
      "raw BTF: the i386 rule for long long alignment is unknown; we call the struct packed"
    ),
    (
      "struct an_deep", "i686",
      "raw BTF: the i386 rule for long long alignment is unknown; we call the struct packed"
    ),
  ]

  @Test(arguments: BTFSourceTests.inputs)
  func textMatchesPaholeOnBTF(relative: String) throws {
    let oracle = try #require(Fixtures.oracle(for: relative, kind: "pahole.txt"))
    let result = try LayoutRequest(path: Fixtures.path(relative), types: []).run()
    var renderer = LayoutTextRenderer(table: result.table)
    renderer.hasAlignmentInfo = false
    var ours: [String: String] = [:]
    for layout in result.layouts {
      let block = renderer.render(layout)
      let heading = String(block.prefix { $0 != "\n" }.dropLast(2))
      if ours[heading] == nil { ours[heading] = block }
    }
    var differing: [String] = []
    for expected in PaholeOracle.parse(oracle)
    where expected.heading.split(separator: " ").count == 2 {
      guard ours[expected.heading] != expected.text else { continue }
      let excused = Self.deviations.contains {
        $0.type == expected.heading && ($0.files.isEmpty || relative.contains($0.files))
      }
      if !excused {
        differing.append(
          "\(expected.heading):\n\(expected.text)--- ours:\n\(ours[expected.heading] ?? "missing\n")"
        )
      }
    }
    #expect(
      differing.isEmpty,
      "\(relative): \(differing.count) types differ from pahole -F btf:\n\(differing.prefix(3).joined(separator: "\n"))"
    )
  }
}
