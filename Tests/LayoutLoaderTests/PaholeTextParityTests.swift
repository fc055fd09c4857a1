import LayoutLoader
import Reports
import TestSupport
import Testing

/// Beyond the numbers: the text itself reads as pahole's, byte for byte, for every
/// struct of every fixture, except where pahole 1.24 is wrong. Each such place is
/// excused by a category of pahole bug with its source-level reason (docs/parity.md
/// has an example of each); anything else that differs fails.
struct PaholeTextParityTests {
  /// Kinds of pahole 1.24 bug; each is a place where the C declaration shows pahole's
  /// text to be wrong, or where pahole assumes an ABI rule the target does not have.
  enum PaholeBug: String, CaseIterable {
    case constPointerSpelledAsPointerToConst =
      "pahole's tag__name puts a pointer's own const in front (`const struct s *` for `struct s *const`), which C reads as a pointer to const"
    case doubledQualifier =
      "qualified pointers: pahole prints `const const char  *` for `const char *const`"
    case pointerToArrayLosesArray =
      "pointer to array: pahole drops the array (`int * rows`), we print `int (*rows)[8]`"
    case arrayOfFunctionPointersBoundAfterParameters =
      "array of function pointers: pahole prints the bound after the parameters (`int (*fe_init)(struct dvb_frontend *)[3]`, not C), we print `int (*fe_init[3])(struct dvb_frontend *)`"
    case packedInferenceGivesUpOnPadding =
      "class__infer_packed_attributes returns 'not packed' for any struct with a hole or tail padding, though a member sits off its natural alignment, which only packing does"
    case packedMarkDependsOnPrintOrder =
      "a holder places the struct off its alignment (so it is packed), but pahole printed the struct before the holder that would have marked it"
    case forceAlignmentForSkippedBits =
      "pahole prints `:0` (force alignment) where the source skips bits inside a unit (`u8 :1, :1, overflow:1`); `:0` would not skip them"
    case summaryMissesHole = "pahole's summary leaves out the 4-byte hole it prints before `sll`"
    case i386LongLongAlignment =
      "i386 aligns long long to 4 in structs: pahole assumes 8 and calls the struct packed"
    case clangAnonymousRepeated = "pahole repeats clang's anonymous members outside the struct"
  }

  /// (type, fixture path fragment or "" for all, which pahole bug).
  static let deviations: [(type: String, files: String, bug: PaholeBug)] = [
    ("struct kset_uevent_ops", "", .constPointerSpelledAsPointerToConst),
    ("struct fnptr_quals", "parity/", .constPointerSpelledAsPointerToConst),
    ("struct td_qualified", "", .doubledQualifier),
    ("struct fx_ptr_arrays", "", .pointerToArrayLosesArray),
    ("struct fpa_adapter", "parity/", .arrayOfFunctionPointersBoundAfterParameters),
    ("struct pa_packed_aligned", "", .packedInferenceGivesUpOnPadding),
    ("struct an_nested_attrs", "parity/", .packedInferenceGivesUpOnPadding),
    ("struct bf_signed", "", .summaryMissesHole),
    ("struct li_ccb", "parity/", .forceAlignmentForSkippedBits),
    ("struct li_trace_hdr", "parity/", .forceAlignmentForSkippedBits),
    ("struct li_entity_addr", "parity/", .packedMarkDependsOnPrintOrder),
    ("struct bf_span", "i686", .i386LongLongAlignment),
    ("struct an_simple", "x86_64-clang", .clangAnonymousRepeated),
    ("struct an_mixed", "x86_64-clang", .clangAnonymousRepeated),
    ("struct an_deep", "x86_64-clang", .clangAnonymousRepeated),
    ("struct an_struct_in_union", "x86_64-clang", .clangAnonymousRepeated),
    ("struct un_holder", "x86_64-clang", .clangAnonymousRepeated),
    ("struct un_deep", "x86_64-clang", .clangAnonymousRepeated),
  ]

  @Test(arguments: PaholeDifferentialTests.inputs)
  func textMatchesPahole(relative: String) throws {
    let oracle = try #require(Fixtures.oracle(for: relative, kind: "pahole.txt"))
    let result = try LayoutRequest(path: Fixtures.path(relative), types: []).run()
    let renderer = LayoutTextRenderer(table: result.table)
    // Every distinct definition of a name: pahole's block must be one of them.
    var ours: [String: [String]] = [:]
    for layout in result.layouts {
      let block = renderer.render(layout)
      let heading = String(block.prefix { $0 != "\n" }.dropLast(2))
      ours[heading, default: []].append(block)
    }
    var differing: [String] = []
    var stale: [String] = []
    for expected in PaholeOracle.parse(oracle)
    where expected.heading.split(separator: " ").count == 2 {
      let excused = Self.deviations.contains {
        $0.type == expected.heading && ($0.files.isEmpty || relative.contains($0.files))
      }
      guard !(ours[expected.heading] ?? []).contains(expected.text) else {
        // An excuse names a file where the type differs; one that no longer does is
        // stale (a fix landed, or the excuse was too wide) and must go.
        if excused
          && !Self.deviations.contains(where: { $0.type == expected.heading && $0.files.isEmpty })
        {
          stale.append(expected.heading)
        }
        continue
      }
      if !excused {
        differing.append(
          "\(expected.heading):\n\(expected.text)--- ours:\n\(ours[expected.heading]?.joined(separator: "--- or:\n") ?? "missing\n")"
        )
      }
    }
    #expect(
      differing.isEmpty,
      "\(relative): \(differing.count) types differ from pahole's text:\n\(differing.prefix(3).joined(separator: "\n"))"
    )
    #expect(stale.isEmpty, "\(relative): excused but identical to pahole: \(stale)")
  }
}
