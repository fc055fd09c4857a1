import Foundation
import TestSupport
import Testing

/// `--expand` and `--hex` against the real pahole's `-E` and `--hex` on the same files, and
/// pahole's letters for the options that mean the same.
struct LayoutOptionTests {
  static let files = [
    "modules/6.1/dwarf5/livepatch-sample.ko", "modules/6.12/dwarf4/livepatch-sample.ko",
    "obj/s390x/dwarf5/klp_multi.o",
  ]

  @Test(arguments: files)
  func expandPlacesEveryNestedMemberWherePaholeDoes(relative: String) throws {
    for type in ["klp_func", "klp_object", "klp_patch"] {
      let ours = try CLI.run(["layout", Fixtures.path(relative), "-t", type, "--expand"])
      #expect(ours.status == 0)
      let theirs = try Pahole.run(["-E", "-C", type, Fixtures.path(relative)])
      #expect(
        !theirs.isEmpty, "pahole produced nothing: is dwarves installed? (scripts/test installs it)"
      )
      #expect(Pahole.positions(ours.stdout) == Pahole.positions(theirs), "\(relative) \(type)")
      #expect(Pahole.positions(ours.stdout).count > 20)
    }
  }

  @Test(arguments: files)
  func hexMatchesPaholeText(relative: String) throws {
    let ours = try CLI.run(["layout", Fixtures.path(relative), "-t", "klp_func", "--hex"])
    let theirs = try Pahole.run(["--hex", "-C", "klp_func", Fixtures.path(relative)])
    #expect(!theirs.isEmpty)
    #expect(ours.stdout == theirs)
  }

  /// `-E` and `-c` as in pahole: `-c 32` prints what `pahole -c 32` prints.
  @Test func paholesLettersMeanTheSame() throws {
    let sample = Fixtures.path(Self.files[0])
    let expand = try CLI.run(["layout", sample, "-t", "klp_object", "--expand"])
    let e = try CLI.run(["layout", sample, "-t", "klp_object", "-E"])
    #expect(e.status == 0 && e.stdout == expand.stdout)
    let ours = try CLI.run(["layout", sample, "-t", "klp_func", "-c", "32"])
    #expect(ours.status == 0 && ours.stdout.contains("cachelines: 5"))
    #expect(ours.stdout == (try Pahole.run(["-c", "32", "-C", "klp_func", sample])))
  }

  /// pahole's long spellings, underscores and `=` included, mean what its letters mean.
  @Test func paholesLongSpellingsMeanTheSame() throws {
    let sample = Fixtures.path(Self.files[0])
    let spelled = [
      "--class_name=klp_func,klp_object", "--cacheline_size=32", "--prefix_filter=klp",
    ]
    let ours = try CLI.run(["layout", sample] + spelled)
    #expect(ours.status == 0, "\(ours.stderr)")
    #expect(ours.stdout == (try Pahole.run(spelled + [sample])))
    let expand = try CLI.run(["layout", sample, "-t", "klp_object", "--expand_types"])
    #expect(expand.stdout == (try CLI.run(["layout", sample, "-t", "klp_object", "-E"])).stdout)
    let pointers = try CLI.run(["layout", sample, "--find_pointers_to=klp_object"])
    let theirPointers = try Pahole.run(["--find_pointers_to=klp_object", sample])
    #expect(pointers.status == 0 && pointers.stdout == theirPointers)
  }
}
