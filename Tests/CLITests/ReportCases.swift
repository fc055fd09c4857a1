import Foundation
import TestSupport

/// The report contract's cases: for every subcommand, a few representative fixtures,
/// run from the package root with relative paths so that outputs name files the same
/// on every machine. The golden, schema, Markdown and ASCII tests all read these.
struct ReportCase: Sendable, CustomStringConvertible {
  var subcommand: String
  /// The golden file's stem: `Fixtures/expected/<subcommand>/<name>.<ext>`.
  var name: String
  var arguments: [String]
  var formats: [String] = ["text", "json", "markdown"]
  /// The exit status every format must end with.
  var status: Int32 = 0

  var description: String { "\(subcommand)/\(name)" }

  static let sample = "Fixtures/modules/6.1/dwarf5/livepatch-sample.ko"
  static let multi = "Fixtures/obj/x86_64/dwarf5/klp_multi.o"
  static let holes = "Fixtures/obj/x86_64/dwarf5/holes.o"
  static let auditMoves = "Fixtures/parity/x86_64/audit_moves.o"
  static func diffPair(_ name: String) -> [String] {
    ["Fixtures/diff/x86_64/\(name).v1.o", "Fixtures/diff/x86_64/\(name).v2.o"]
  }
  /// Baselines `check` reads are the `baseline` goldens themselves, so a change to the
  /// baseline format shows in both.
  static func baselineGolden(_ name: String) -> String { "Fixtures/expected/baseline/\(name).json" }

  static let all: [ReportCase] = [
    ReportCase(subcommand: "inspect", name: "livepatch-sample", arguments: [sample]),
    ReportCase(
      subcommand: "inspect", name: "callbacks-demo-6.12",
      arguments: ["Fixtures/modules/6.12/dwarf5/livepatch-callbacks-demo.ko"]),
    ReportCase(
      subcommand: "inspect", name: "two-modules",
      arguments: [sample, "Fixtures/modules/6.1/dwarf4/test_klp_state.ko"]),
    ReportCase(
      subcommand: "inspect", name: "kpatch-records",
      arguments: ["Fixtures/records/x86_64/kpatch_style.o", "--types-from", sample]),
    ReportCase(subcommand: "inspect", name: "not-livepatch", arguments: [holes]),
    // Shipped (stripped) modules: the klp data from the symbol table, the klp structs
    // from --types-from (ShippedModuleTests compares them with the originals').
    ReportCase(
      subcommand: "inspect", name: "stripped",
      arguments: [
        "Fixtures/shipped/6.1/livepatch-callbacks-demo.stripped.ko", "--types-from",
        "Fixtures/btf/split/base-6.1.btf",
      ]),

    ReportCase(subcommand: "layout", name: "holes", arguments: [holes]),
    ReportCase(subcommand: "layout", name: "klp_func", arguments: [sample, "-t", "klp_func"]),
    ReportCase(
      subcommand: "layout", name: "bitfields-hex",
      arguments: ["Fixtures/obj/x86_64/dwarf5/bitfields.o", "--hex"]),
    ReportCase(
      subcommand: "layout", name: "anonymous-expand",
      arguments: ["Fixtures/obj/x86_64/dwarf5/anonymous.o", "--expand"]),

    // BTF only (no .debug_*): typeSource btf, the facts BTF lacks marked inferred.
    ReportCase(
      subcommand: "layout", name: "holes-btf", arguments: ["Fixtures/special/holes.btf-only.o"]),
    // The other answers `layout` gives: enums, `--sizes`, `--contains`, `--find-pointers-to`
    // (each its own document in the one schema); an enum from BTF, signed by its flag.
    ReportCase(subcommand: "layout", name: "enum", arguments: [sample, "-t", "enum module_state"]),
    ReportCase(
      subcommand: "layout", name: "enum-btf",
      arguments: ["Fixtures/btf/modules/6.12/dwarf5/livepatch-sample.ko.btf", "-t", "mod_mem_type"]),
    ReportCase(subcommand: "layout", name: "sizes", arguments: [sample, "-s", "-y", "klp_"]),
    ReportCase(
      subcommand: "layout", name: "contains", arguments: [sample, "--contains", "list_head"]),
    ReportCase(
      subcommand: "layout", name: "pointers", arguments: [sample, "--find-pointers-to", "klp_func"]),

    ReportCase(subcommand: "whatif", name: "livepatch-sample", arguments: [sample]),
    ReportCase(
      subcommand: "whatif", name: "nops",
      arguments: [sample, "--nops", "10", "--dynamic-objects", "2"]),
    ReportCase(
      subcommand: "whatif", name: "replaces",
      arguments: [
        multi, "--replaces", "Fixtures/replace/x86_64/klp_old_a.o",
        "Fixtures/replace/x86_64/klp_old_b.o",
      ]),
    ReportCase(
      subcommand: "whatif", name: "edits",
      arguments: [
        sample, "--nops", "3", "--remove", "klp_func.node", "--wrap",
        "klp_func_no_op=klp_func+struct list_head:func_entry", "--add",
        "klp_patch:bool:flag@after:replace",
      ]),
    // Replacing what a kernel has loaded (a sysfs-shaped tree): no-ops of odd names.
    ReportCase(
      subcommand: "whatif", name: "replaces-live",
      arguments: [
        multi, "--replaces", "live", "--root", "Fixtures/live/hostile-names", "--list-nops",
      ]),
    ReportCase(
      subcommand: "whatif", name: "kpatch-records",
      arguments: ["Fixtures/records/x86_64/kpatch_style.o", "--types-from", sample]),

    ReportCase(subcommand: "diff", name: "member_added", arguments: diffPair("member_added")),
    ReportCase(subcommand: "diff", name: "member_removed", arguments: diffPair("member_removed")),
    ReportCase(
      subcommand: "diff", name: "member_reordered", arguments: diffPair("member_reordered")),
    ReportCase(subcommand: "diff", name: "member_retyped", arguments: diffPair("member_retyped")),
    ReportCase(
      subcommand: "diff", name: "bitfield_widened", arguments: diffPair("bitfield_widened")),
    ReportCase(subcommand: "diff", name: "klp_func_added", arguments: diffPair("klp_func_added")),
    ReportCase(subcommand: "diff", name: "array_grown", arguments: diffPair("array_grown")),
    ReportCase(
      subcommand: "diff", name: "identical",
      arguments: [
        "Fixtures/diff/x86_64/member_added.v1.o", "Fixtures/diff/x86_64/member_added.v1.o",
      ]),

    // `baseline` writes a file (its only format); the golden is that file.
    ReportCase(
      subcommand: "baseline", name: "member_added",
      arguments: ["Fixtures/diff/x86_64/member_added.v1.o"], formats: ["json"]),
    ReportCase(
      subcommand: "baseline", name: "livepatch-sample",
      arguments: [sample, "--budget", "klp_func=152", "--budget", "staticKlpBytes=1024"],
      formats: ["json"]),

    ReportCase(
      subcommand: "check", name: "pass",
      arguments: [
        "Fixtures/diff/x86_64/member_added.v1.o", "--baseline", baselineGolden("member_added"),
      ],
      formats: ["text", "json", "markdown", "github"]),
    ReportCase(
      subcommand: "check", name: "grown",
      arguments: [
        "Fixtures/diff/x86_64/member_added.v2.o", "--baseline", baselineGolden("member_added"),
      ],
      formats: ["text", "json", "markdown", "github"], status: 1),
    ReportCase(
      subcommand: "check", name: "over-budget",
      arguments: [
        "Fixtures/modules/6.1/dwarf5/livepatch-callbacks-demo.ko", "--baseline",
        baselineGolden("livepatch-sample"),
      ],
      formats: ["text", "json", "markdown", "github"], status: 1),
    ReportCase(
      subcommand: "check", name: "allowed-growth",
      arguments: [
        "Fixtures/diff/x86_64/member_added.v2.o", "--baseline", baselineGolden("member_added"),
        "--max-growth", "8",
      ],
      formats: ["text", "json", "markdown", "github"]),

    // Four of the five klp types of the baseline are not in a klp-build records object:
    // each fails the gate, unless accepted by --allow-missing.
    ReportCase(
      subcommand: "check", name: "missing",
      arguments: [
        "Fixtures/records/x86_64/klp_build_style.o", "--baseline",
        baselineGolden("livepatch-sample"),
      ],
      formats: ["text", "json", "markdown", "github"], status: 1),
    ReportCase(
      subcommand: "check", name: "allow-missing",
      arguments: [
        "Fixtures/records/x86_64/klp_build_style.o", "--baseline",
        baselineGolden("livepatch-sample"),
        "--allow-missing", "klp_patch", "--allow-missing", "klp_object", "--allow-missing",
        "struct klp_func",
        "--allow-missing", "klp_state",
      ],
      formats: ["text", "json", "markdown", "github"]),

    ReportCase(subcommand: "audit", name: "holes", arguments: [holes]),
    ReportCase(
      subcommand: "audit", name: "holes-btf", arguments: ["Fixtures/special/holes.btf-only.o"]),
    ReportCase(
      subcommand: "audit", name: "klp_func",
      arguments: [sample, "-t", "klp_func", "-t", "klp_object"]),
    // The moves a kernel developer sends (task_struct in small: ends and aligned members
    // fixed), forced alignment said once; and the whole re-sort, asked for.
    ReportCase(subcommand: "audit", name: "moves", arguments: [auditMoves]),
    ReportCase(
      subcommand: "audit", name: "holes-full-reorder", arguments: [holes, "--full-reorder"]),

    ReportCase(
      subcommand: "scan", name: "modules-6.1",
      arguments: ["--jobs", "1", "Fixtures/modules/6.1/dwarf5"]),
    // Compressed, stripped, truncated and non-ELF modules: listed with their errors.
    ReportCase(
      subcommand: "scan", name: "special", arguments: ["--jobs", "1", "Fixtures/special"]),
    ReportCase(
      subcommand: "scan", name: "shipped-6.1",
      arguments: [
        "--jobs", "1", "Fixtures/shipped/6.1", "--source", "btf", "--btf-base",
        "Fixtures/btf/split/base-6.1.btf",
      ]),
    // Files named directly (a .o too), with --audit's top waste; the small objects keep it fast.
    ReportCase(
      subcommand: "scan", name: "files-audit",
      arguments: ["--jobs", "1", "--audit", holes, "Fixtures/records/x86_64/kpatch_style.o"]),

    // The loaded stack, read from sysfs-shaped trees (Fixtures/live; LiveCommandTests
    // compares them with the independent oracle).
    ReportCase(
      subcommand: "live", name: "stacked", arguments: ["--root", "Fixtures/live/stacked"]),
    ReportCase(
      subcommand: "live", name: "replace-in-transition",
      arguments: ["--root", "Fixtures/live/replace-in-transition"]),
    ReportCase(
      subcommand: "live", name: "object-not-loaded",
      arguments: [
        "--root", "Fixtures/live/object-not-loaded", "--modules", "Fixtures/modules/6.1/dwarf5",
      ]),
    ReportCase(
      subcommand: "live", name: "hostile-names",
      arguments: ["--root", "Fixtures/live/hostile-names"]),
  ]
}

extension ReportCase {
  /// Every subcommand, as `klp-layout --help` lists them: a new one without a schema or
  /// goldens fails the tests that read this.
  static let subcommands: [String] = {
    guard let help = try? CLI.run(["--help"]).stdout, let start = help.range(of: "SUBCOMMANDS:")
    else { return [] }
    return help[start.upperBound...].split(separator: "\n").compactMap { line in
      guard line.hasPrefix("  "), !line.hasPrefix("   "),
        let word = line.split(separator: " ").first
      else { return nil }
      return String(word)
    }.filter { $0 != "See" && $0 != "help" }
  }()

  /// Subcommands whose goldens another test owns: `safety` (SafetyGoldenTests, with
  /// its own pairs of fixtures under Fixtures/safety/).
  static let goldensOwnedElsewhere: Set<String> = ["safety"]

  /// The ASCII fallback: the same reports under a locale that is not UTF-8 (tree lines,
  /// arrows and `×` drawn in ASCII).
  static let ascii: [ReportCase] = [
    ReportCase(
      subcommand: "inspect", name: "kpatch-records.ascii", arguments: all[3].arguments,
      formats: ["text"]),
    ReportCase(
      subcommand: "diff", name: "member_added.ascii", arguments: diffPair("member_added"),
      formats: ["text"]),
    ReportCase(
      subcommand: "check", name: "grown.ascii",
      arguments: [
        "Fixtures/diff/x86_64/member_added.v2.o", "--baseline", baselineGolden("member_added"),
      ],
      formats: ["text"], status: 1),
  ]
}

/// One case run in one format.
struct ReportOutput: Sendable, CustomStringConvertible {
  var reportCase: ReportCase
  var format: String
  var ascii: Bool
  var result: Result
  struct Result: Sendable {
    var stdout: String
    var stderr: String
    var status: Int32
  }

  var description: String { goldenPath }

  /// `Fixtures/expected/<subcommand>/<case>.<txt|json|md|github>`.
  var goldenPath: String {
    let ext =
      ["text": "txt", "json": "json", "markdown": "md", "github": "github"][format] ?? format
    return "Fixtures/expected/\(reportCase.subcommand)/\(reportCase.name).\(ext)"
  }
}

/// Every case in every format, run once (in parallel: each run is a process) and
/// shared by the tests that read the reports.
enum ReportOutputs {
  static let all: [ReportOutput] = runAll()

  static func runAll() -> [ReportOutput] {
    let jobs =
      ReportCase.all.flatMap { c in c.formats.map { (c, $0, false) } }
      + ReportCase.ascii.flatMap { c in c.formats.map { (c, $0, true) } }
    let results = Results(count: jobs.count)
    DispatchQueue.concurrentPerform(iterations: jobs.count) { i in
      let (c, format, ascii) = jobs[i]
      results.set(i, run(c, format: format, ascii: ascii))
    }
    return results.values.compactMap { $0 }
  }

  static func run(_ c: ReportCase, format: String, ascii: Bool) -> ReportOutput {
    // The locale decides the drawing characters; nothing else of the environment leaks in.
    let locale = ["LANG": ascii ? "C" : "C.UTF-8", "LC_ALL": "", "LC_CTYPE": ""]
    var arguments = [c.subcommand] + c.arguments
    var written: URL?
    if c.subcommand == "baseline" {
      let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
        "klp-golden-\(UUID().uuidString)")
      try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
      written = dir.appendingPathComponent("baseline.json")
      arguments += ["-o", written!.path]
    } else {
      arguments += ["--format", format]
    }
    var result: ReportOutput.Result
    do {
      let r = try CLI.run(arguments, environment: locale, workingDirectory: Fixtures.packageRoot)
      result = .init(stdout: r.stdout, stderr: r.stderr, status: r.status)
    } catch {
      result = .init(stdout: "", stderr: "cannot run klp-layout: \(error)", status: -1)
    }
    if let written {
      result.stdout = (try? String(contentsOf: written, encoding: .utf8)) ?? ""
      try? FileManager.default.removeItem(at: written.deletingLastPathComponent())
    }
    return ReportOutput(reportCase: c, format: format, ascii: ascii, result: result)
  }

  /// Results written from concurrent runs, each index once.
  final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [ReportOutput?]
    init(count: Int) { storage = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: ReportOutput) {
      lock.lock()
      storage[i] = value
      lock.unlock()
    }
    var values: [ReportOutput?] {
      lock.lock()
      defer { lock.unlock() }
      return storage
    }
  }

  /// Outputs of one format.
  static func of(format: String) -> [ReportOutput] {
    all.filter { $0.format == format && !$0.ascii }
  }
}
