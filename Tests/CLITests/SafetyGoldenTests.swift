import Foundation
import TestSupport
import Testing

/// `safety` outputs compared byte for byte with Fixtures/expected/safety/<case>.{txt,json,md,gh}
/// (x86_64, gcc, DWARF 5), and every JSON output validated against
/// docs/schema/safety.schema.json with python3-jsonschema. `UPDATE_GOLDENS=1 swift test
/// --filter SafetyGolden` rewrites the golden files and fails; review them with `git diff`.
struct SafetyGoldenTests {
  static let base = "safety/x86_64/dwarf5"
  /// Case name → (ORIG, PATCHED) relative to Fixtures/.
  static let cases: [(String, String, String)] =
    SafetyCommandTests.expected.keys.sorted().map { file in
      (String(file.dropLast(2)), "\(base)/orig/\(file)", "\(base)/patched/\(file)")
    } + [
      ("shadow_member", "\(base)/shadow/session.orig.o", "\(base)/shadow/session.member.o"),
      ("shadow_variable", "\(base)/shadow/session.orig.o", "\(base)/shadow/session.shadow.o"),
      ("tree", "\(base)/orig", "\(base)/patched"),
      // Changed data (Fixtures/src/safety/data), little- and big-endian.
      ("data_x86_64", "safety-data/x86_64/plain/orig", "safety-data/x86_64/plain/patched"),
      ("data_s390x", "safety-data/s390x/sections/orig", "safety-data/s390x/sections/patched"),
    ]
  static let formats = [("text", "txt"), ("json", "json"), ("markdown", "md"), ("github", "gh")]

  /// Output with the checkout's absolute Fixtures/ prefix removed, so goldens hold
  /// paths relative to Fixtures/.
  static func output(_ orig: String, _ patched: String, format: String) throws -> String {
    let r = try CLI.run(["safety", Fixtures.path(orig), Fixtures.path(patched), "--format", format])
    #expect(r.status == 0 || r.status == 1, "\(r.stderr)")
    return r.stdout.replacingOccurrences(of: Fixtures.root.path + "/", with: "")
  }

  @Test(arguments: cases.map(\.0))
  func outputsMatchTheGoldenFiles(name: String) throws {
    let (_, orig, patched) = try #require(Self.cases.first { $0.0 == name })
    for (format, ext) in Self.formats {
      let got = try Self.output(orig, patched, format: format)
      // Recording fails the test too, so an update is always a reviewed diff.
      if let problem = GoldenFile.compare(got, subcommand: "safety", name: "\(name).\(ext)") {
        Issue.record("\(problem)")
      }
    }
  }

  /// Every JSON output of the golden cases and of every target's tree is valid
  /// against the schema (Debian's python3-jsonschema; scripts/install-deps installs it).
  @Test func jsonOutputsMatchTheSchema() throws {
    let fm = FileManager.default
    let dir = fm.temporaryDirectory.appendingPathComponent("klp-safety-schema-\(UUID().uuidString)")
    try fm.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? fm.removeItem(at: dir) }
    var inputs = Self.cases.map { ($0.0, $0.1, $0.2) }
    for target in SafetyCommandTests.targets
      + SafetyDataCorpusTests.builds.map({
        "safety-data/\($0.0)/\($0.1)"
      })
    {
      inputs.append(
        (target.replacingOccurrences(of: "/", with: "_"), "\(target)/orig", "\(target)/patched"))
    }
    var paths: [String] = []
    for (name, orig, patched) in inputs {
      let path = dir.appendingPathComponent("\(name).json").path
      try Self.output(orig, patched, format: "json").write(
        toFile: path, atomically: true, encoding: .utf8)
      paths.append(path)
    }
    let script = """
      import json, sys, jsonschema
      schema = json.load(open(sys.argv[1]))
      jsonschema.Draft202012Validator.check_schema(schema)
      validator = jsonschema.Draft202012Validator(schema)
      bad = 0
      for path in sys.argv[2:]:
          for error in validator.iter_errors(json.load(open(path))):
              bad += 1
              print(path, error.json_path, error.message)
      print("validated", len(sys.argv) - 2, "documents,", bad, "errors")
      sys.exit(1 if bad else 0)
      """
    let r = try Subprocess(
      "/usr/bin/python3",
      [
        "-c", script,
        Fixtures.packageRoot.appendingPathComponent("docs/schema/safety.schema.json").path,
      ] + paths
    ).run()
    let text = r.output + r.errors
    #expect(r.status == 0, "\(text)")
    #expect(text.contains("validated \(paths.count) documents, 0 errors"), "\(text)")
  }
}
