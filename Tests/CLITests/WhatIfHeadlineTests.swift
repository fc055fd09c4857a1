import Foundation
import TestSupport
import Testing

/// What the kernel will do with the module, said once and priced exactly (issue 30):
/// `klp_init_patch()` calls `klp_add_nops()` only when `patch->replace` is set
/// (kernel/livepatch/core.c, 6.1.192; /work/notes/kernel-rules.md C.5).
struct WhatIfHeadlineTests {
  static let sample = "Fixtures/modules/6.1/dwarf5/livepatch-sample.ko"
  static let multi = "Fixtures/obj/x86_64/dwarf5/klp_multi.o"

  static func run(_ arguments: [String]) throws -> CLIResult {
    let r = try GoldenFile.run(["whatif"] + arguments)
    #expect(r.status == 0, "\(r.stderr)")
    return r
  }

  static func json(_ arguments: [String]) throws -> [String: Any] {
    let r = try run(arguments + ["--format", "json"])
    return try #require(
      try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
  }

  /// livepatch-sample does not set replace: a --nops count is what the kernel would
  /// never allocate for it, and every format says it is hypothetical.
  @Test func aCountOnANonReplaceModuleIsHypothetical() throws {
    let arguments = [Self.sample, "--nops", "100"]
    let json = try Self.json(arguments)
    #expect(json["hypothetical"] as? Bool == true && json["replace"] as? Bool == false)
    let headline = try #require(json["headline"] as? String)
    let notes = json["notes"] as? [String] ?? []
    #expect(headline.contains("does not set klp_patch.replace") && headline.contains(notes[0]))
    #expect(headline.contains("holds 840 bytes and allocates nothing during the transition"))
    #expect(headline.contains("hypothetical (as if it set replace): 19200 bytes"))
    for format in ["text", "markdown", "html"] {
      let out = try Self.run(arguments + ["--format", format]).stdout
      #expect(out.contains("transient (hypothetical)"), "\(format)")
      #expect(out.contains("are hypothetical (as if it set replace)"), "\(format)")
      // The kernel's action is said once: in the headline, not again as a note.
      #expect(out.components(separatedBy: "(kernel/livepatch/core.c)").count == 2, "\(format)")
    }
  }

  /// A module with replace, given nothing to replace: the headline says to name them.
  @Test func aReplaceModuleIsToldToNameWhatItReplaces() throws {
    let json = try Self.json([Self.multi])
    #expect(json["hypothetical"] as? Bool == false)
    let headline = try #require(json["headline"] as? String)
    #expect(headline.contains("sets klp_patch.replace"))
    #expect(headline.contains("name them with --replaces OLD.ko... (or --replaces live)"))
  }

  /// The paths in the headline are the ones typed, not resolved or normalised.
  @Test func headlinePathsAsGiven() throws {
    let module = "./" + Self.multi
    let old = "Fixtures/replace/x86_64/../x86_64/klp_old_a.o"
    let json = try Self.json([module, "--replaces", old])
    let headline = try #require(json["headline"] as? String)
    #expect(headline.contains(module + " sets klp_patch.replace"))
    #expect(headline.contains("Replacing " + old + " allocates"))
  }

  /// The answer first: the headline and the table of designs open the text; the
  /// details come after it.
  @Test func textLeadsWithTheAnswer() throws {
    let r = try Self.run([
      "Fixtures/modules/6.1/dwarf5/test_klp_state2.ko", "--replaces", Self.multi,
    ])
    let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false)
    let table = try #require(lines.firstIndex { $0.hasPrefix("design ") })
    let noOps = try #require(lines.firstIndex { $0.hasPrefix("no-ops:") })
    #expect(table <= 5 && lines[2].hasPrefix("This kernel uses design A"))
    #expect(noOps > table + 6)
  }

  /// The kernel's own design reads as what it adds to base, not "remove … add" the same
  /// member; a struct a design creates is "new".
  @Test func htmlDesignStepsReadAsChanges() throws {
    let html = try Self.run([Self.sample, "--nops", "3", "--format", "html"]).stdout
    let own = try #require(html.components(separatedBy: "Design A-embedded").dropFirst().first)
    let list = own.components(separatedBy: "</ul>")[0]
    #expect(!list.contains("remove klp_func.node") && list.contains("add klp_func.node after kobj"))
    #expect(html.contains("struct klp_func_no_op new: 152"))
    #expect(!html.contains("klp_func_no_op 0 →"))
  }
}
