import Foundation
import Testing
import TestSupport

/// Every subcommand's JSON, on the report cases (livepatch and plain modules, diff
/// pairs, a baseline written to a temporary file, check passing and failing, scans with
/// unreadable modules), validated against `docs/schema/<subcommand>.schema.json` with
/// Debian's python3-jsonschema (draft 2020-12).
@Suite struct SchemaTests {
  /// Validates each `schema document` pair; then, so that a schema that accepts
  /// anything cannot pass, checks that each schema rejects its document with an
  /// unknown top-level key and without `schemaVersion`.
  static let validator = """
    import json, sys, jsonschema
    failures = []
    for line in open(sys.argv[1]):
        schema_path, doc_path = line.split()
        schema = json.load(open(schema_path))
        jsonschema.Draft202012Validator.check_schema(schema)
        v = jsonschema.Draft202012Validator(schema)
        doc = json.load(open(doc_path))
        for e in v.iter_errors(doc):
            failures.append("%s: /%s: %s" % (doc_path, "/".join(map(str, e.absolute_path)), e.message[:200]))
        if v.is_valid(dict(doc, unknownKey=1)):
            failures.append("%s accepts an unknown key" % schema_path)
        if v.is_valid({k: x for k, x in doc.items() if k != "schemaVersion"}):
            failures.append("%s accepts a document without schemaVersion" % schema_path)
    print("\\n".join(failures))
    sys.exit(1 if failures else 0)
    """

  /// The subcommands with cases here (`safety`'s JSON is validated by SafetyGoldenTests).
  static var subcommands: [String] {
    ReportCase.subcommands.filter { !ReportCase.goldensOwnedElsewhere.contains($0) }
  }

  @Test func everySubcommandsJSONMatchesItsSchema() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "klp-schema-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    var pairs: [String] = []
    var covered = Set<String>()
    for (i, output) in ReportOutputs.of(format: "json").enumerated() {
      let sub = output.reportCase.subcommand
      #expect(
        output.result.status == output.reportCase.status, "\(output): \(output.result.stderr)")
      let doc = dir.appendingPathComponent("\(i)-\(sub).json")
      try Data(output.result.stdout.utf8).write(to: doc)
      let schema = Fixtures.packageRoot.appendingPathComponent("docs/schema/\(sub).schema.json")
      #expect(FileManager.default.fileExists(atPath: schema.path), "no schema for \(sub)")
      pairs.append("\(schema.path) \(doc.path)")
      covered.insert(sub)
    }
    #expect(covered == Set(Self.subcommands))
    let list = dir.appendingPathComponent("pairs")
    try (pairs.joined(separator: "\n") + "\n").write(to: list, atomically: true, encoding: .utf8)
    let r = try Python.run(["-c", Self.validator, list.path])
    #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
  }

  /// Empty arrays print as `[]` and empty objects as `{}` (Foundation alone prints them
  /// over three lines). JSON strings hold no raw newline, so a match is never in one.
  @Test func emptyContainersAreCompact() {
    for output in ReportOutputs.of(format: "json") {
      let text = output.result.stdout
      #expect(text.range(of: #"\[\s+\]"#, options: .regularExpression) == nil, "\(output)")
      #expect(text.range(of: #"\{\s+\}"#, options: .regularExpression) == nil, "\(output)")
    }
  }

  /// Each schema file declares draft 2020-12 and its own subcommand, and no schema is
  /// left without a subcommand.
  @Test func oneSchemaPerSubcommand() throws {
    let files = try FileManager.default.contentsOfDirectory(
      atPath: Fixtures.packageRoot.appendingPathComponent("docs/schema").path)
    #expect(Set(files) == Set(ReportCase.subcommands.map { "\($0).schema.json" }))
    for sub in ReportCase.subcommands {
      let data = try Data(
        contentsOf: Fixtures.packageRoot.appendingPathComponent("docs/schema/\(sub).schema.json"))
      let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
      #expect(json["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
      #expect((json["$id"] as? String)?.hasSuffix("/\(sub).schema.json") == true)
    }
  }
}

/// Debian's python3 (`/usr/bin/python3`, where python3-jsonschema, python3-markdown-it
/// and python3-yaml live; a `python3` earlier on PATH may be another installation).
enum Python {
  struct Result {
    var stdout: String
    var stderr: String
    var status: Int32
  }

  static func run(_ arguments: [String], stdin: String? = nil) throws -> Result {
    var process = Subprocess("/usr/bin/python3", arguments)
    process.input = Data((stdin ?? "").utf8)
    let r = try process.run()
    return Result(stdout: r.output, stderr: r.errors, status: r.status)
  }
}
