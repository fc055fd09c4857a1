import Foundation
import TestSupport
import Testing

/// Every input of the generated hostile corpus (scripts/make-hostile-corpus: 500+
/// files of 25+ kinds, made from the fixtures) through the built binary (`layout`; one
/// of each kind through every other subcommand): one line on
/// stderr and exit 2, or an honest partial result and exit 0, never a signal, a hang
/// (20 s limit) or unbounded memory (2 GiB address-space limit).
struct HostileInputTests {
  static let corpus: URL = {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "klp-hostile-\(getpid())")
    if !FileManager.default.fileExists(atPath: dir.path) {
      // Made once per test process; a corpus that cannot be made fails every case that
      // needs it (its inputs are then missing), never silently passes.
      _ = try? Subprocess(
        "/usr/bin/python3",
        [Fixtures.packageRoot.appendingPathComponent("scripts/make-hostile-corpus").path, dir.path]
      ).succeed()
    }
    return dir
  }()

  static let inputs: [String] = {
    guard let walker = FileManager.default.enumerator(atPath: corpus.path) else { return [] }
    var result: [String] = []
    while let item = walker.nextObject() as? String {
      let path = corpus.appendingPathComponent(item).path
      var isDirectory: ObjCBool = false
      _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
      if !isDirectory.boolValue || item.hasSuffix(".ko") { result.append(item) }
    }
    return result.sorted()
  }()

  @Test func theCorpusIsLargeAndVaried() {
    #expect(Self.inputs.count >= 500, "\(Self.inputs.count) inputs")
    let kinds = Set(Self.inputs.map { $0.split(separator: "/").first.map(String.init) ?? "" })
    #expect(kinds.count >= 25, "\(kinds.count) kinds: \(kinds.sorted())")
  }

  /// `gate`: a command whose exit 1 is a verdict (`safety`), not a failure.
  static func check(_ result: CLIResult, _ what: String, gate: Bool = false) {
    #expect(!result.timedOut, "\(what): hung")
    #expect(
      !result.signaled,
      "\(what): killed by a signal (status \(result.status)): \(result.stderr.suffix(300))")
    #expect(
      result.status == 0 || result.status == 2 || (gate && result.status == 1),
      "\(what): exit \(result.status)")
    if result.status == 2 {
      #expect(
        result.stderr.hasPrefix("klp-layout: ") && result.stderr.filter { $0 == "\n" }.count == 1,
        "\(what): \(result.stderr.prefix(400))")
    }
  }

  /// Every input through `layout`, which opens, loads and prints every type; `inspect`
  /// reads the same file through the same loader and adds the livepatch metadata, so it
  /// takes one input of each kind (`everySubcommand`) and every input the fuzzer found.
  @Test(arguments: inputs)
  func layoutSurvives(relative: String) throws {
    let path = Self.corpus.appendingPathComponent(relative).path
    Self.check(try CLI.run(["layout", path], limits: (20, 2048)), "layout \(relative)")
  }

  /// One input of each kind through every other subcommand.
  @Test func everySubcommandSurvivesEveryKind() throws {
    var firstOfKind: [String: String] = [:]
    for input in Self.inputs {
      let kind = String(input.split(separator: "/").first ?? "")
      if firstOfKind[kind] == nil {
        firstOfKind[kind] = Self.corpus.appendingPathComponent(input).path
      }
    }
    try Self.withBaseline { good, baseline in
      for (kind, path) in firstOfKind.sorted(by: { $0.key < $1.key }) {
        try Self.everySubcommand(path, kind, good: good, baseline: baseline)
      }
    }
  }

  /// What scripts/fuzz found (Fixtures/hostile), each through every subcommand and the
  /// layout formats that show anonymous types inline: each made one of them trap or hang.
  @Test func everySubcommandSurvivesWhatTheFuzzerFound() throws {
    let found = Self.inputs.filter { $0.hasPrefix("fuzz-findings/") }
    #expect(found.count >= 2, "\(found)")
    try Self.withBaseline { good, baseline in
      for input in found {
        let path = Self.corpus.appendingPathComponent(input).path
        try Self.everySubcommand(path, input, good: good, baseline: baseline)
        for args in [["layout", "-E", path], ["layout", "--format", "markdown", path]] {
          Self.check(try CLI.run(args, limits: (20, 2048)), "\(args) (\(input))")
        }
      }
    }
  }

  /// A good module and a baseline of it, removed afterwards.
  static func withBaseline(_ body: (String, String) throws -> Void) throws {
    let good = Fixtures.path("modules/6.1/dwarf5/livepatch-sample.ko")
    let baseline = FileManager.default.temporaryDirectory.appendingPathComponent(
      "klp-hostile-baseline-\(getpid()).json"
    ).path
    _ = try CLI.run(["baseline", good, "-o", baseline])
    defer { try? FileManager.default.removeItem(atPath: baseline) }
    try body(good, baseline)
  }

  /// `path` through every subcommand but layout and inspect, alone and against `good`.
  static func everySubcommand(
    _ path: String, _ what: String, good: String, baseline: String
  )
    throws
  {
    for args in [
      ["inspect", path], ["whatif", path, "--nops", "4"], ["audit", path], ["diff", good, path],
      ["diff", path, good],
      ["check", path, "--baseline", baseline], ["whatif", good, "--replaces", path],
    ] {
      check(try CLI.run(args, limits: (20, 2048)), "\(args[0]) (\(what))")
    }
    for args in [["safety", good, path], ["safety", path, good]] {
      check(try CLI.run(args, limits: (20, 2048)), "safety (\(what))", gate: true)
    }
    let out = FileManager.default.temporaryDirectory.appendingPathComponent(
      "klp-hostile-\(getpid())-\(what.replacingOccurrences(of: "/", with: "-")).json"
    ).path
    check(try CLI.run(["baseline", path, "-o", out], limits: (20, 2048)), "baseline (\(what))")
    try? FileManager.default.removeItem(atPath: out)
  }

  @Test func scanCollectsEveryErrorAndFinishes() throws {
    let result = try CLI.run(["scan", Self.corpus.path, "--format", "json"], limits: (300, 4096))
    #expect(result.status == 0, "\(result.stderr.prefix(300))")
    #expect(!result.signaled && !result.timedOut)
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let modules = json["modules"] as? [Any] ?? []
    #expect(modules.count >= 400)
  }
}
