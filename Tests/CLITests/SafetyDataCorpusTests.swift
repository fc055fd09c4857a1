import Foundation
import TestSupport
import Testing

/// `safety` against the changed-data corpus (Fixtures/src/safety/data), whose labels in
/// EXPECTED.tsv were derived by hand from the kernel's rule (objtool's klp-diff, the
/// kpatch patch-author guide; see its README.md) and checked against the objects by
/// scripts/verify-safety-data-fixtures, not taken from klp-layout. One run per target
/// and mode over the whole orig/patched trees; every applying unsafe or warning row must
/// be reported with its kind, place and values, and nothing else may be.
struct SafetyDataCorpusTests {
  static let targets = ["x86_64": "gcc", "x86_64-clang": "clang", "s390x": "gcc"]
  static let builds = targets.keys.sorted().flatMap { t in ["plain", "sections"].map { (t, $0) } }

  /// One labelled row: case verdict entity name kind at old new applies note.
  struct Row {
    var fields: [String]
    var name: String { fields[0] }
    var verdict: String { fields[1] }
    var entity: String { fields[3] }
    var kind: String { fields[4] }
    var at: String { fields[5] }
    var old: String { fields[6] }
    var new: String { fields[7] }

    /// `all`, a compiler or a target, each optionally `/plain` or `/sections`.
    func applies(target: String, mode: String) -> Bool {
      fields[8].split(separator: ",").contains { part in
        let pieces = part.split(separator: "/")
        if pieces.count > 1 && pieces[1] != mode { return false }
        return pieces[0] == "all" || pieces[0] == target || pieces[0] == targets[target] ?? ""
      }
    }
  }

  static let rows: [Row] = {
    let path = Fixtures.path("src/safety/data/EXPECTED.tsv")
    let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    return text.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.hasPrefix("case\t") }
      .map {
        Row(fields: $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init))
      }
  }()

  @Test func theLabelsAreThere() {
    #expect(Self.rows.count >= 44 && Self.rows.allSatisfy { $0.fields.count == 10 })
    #expect(Set(Self.rows.map(\.name)).count >= 35)
  }

  @Test(arguments: builds)
  func everyLabelIsWhatSafetyReports(target: String, mode: String) throws {
    let dir = "safety-data/\(target)/\(mode)"
    let r = try CLI.run([
      "safety", Fixtures.path(dir + "/orig"), Fixtures.path(dir + "/patched"), "--format", "json",
    ])
    #expect(r.status == 1, "\(r.stderr)")
    let document = try #require(
      try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    var found: [String: [[String: Any]]] = [:]
    for change in document["changes"] as? [[String: Any]] ?? [] {
      for file in change["files"] as? [String] ?? [] {
        found[String(file.dropLast(2)), default: []].append(change)
      }
    }
    let cases = Set(Self.rows.map(\.name))
    #expect(Set(found.keys).isSubset(of: cases), "\(found.keys)")
    for name in cases.sorted() {
      var reported = found[name] ?? []
      for row in Self.rows
      where row.name == name && row.verdict != "safe" && row.applies(target: target, mode: mode) {
        guard
          let i = reported.firstIndex(where: {
            $0["name"] as? String == row.entity && $0["severity"] as? String == row.verdict
          })
        else {
          Issue.record("\(dir) \(name): \(row.verdict) \(row.entity) (\(row.kind)) not reported")
          continue
        }
        let change = reported.remove(at: i)
        #expect(Self.summary(change) == [row.kind, row.at, row.old, row.new], "\(dir) \(name)")
      }
      for extra in reported {
        Issue.record(
          "\(dir) \(name): reported \(extra["severity"] ?? "") \(extra["name"] ?? ""), labelled safe or absent"
        )
      }
    }
  }

  /// kind, at, old, new as EXPECTED.tsv writes them.
  static func summary(_ change: [String: Any]) -> [String] {
    let kind = change["kind"] as? String ?? "-"
    let old = change["old"] as? [String: Any] ?? [:]
    let new = change["new"] as? [String: Any] ?? [:]
    let values: (String, String)
    switch kind {
    case "initializer":
      values = (old["initial"] as? String ?? "?", new["initial"] as? String ?? "?")
    case "type": values = (old["type"] as? String ?? "?", new["type"] as? String ?? "?")
    case "size": values = ("\(old["size"] ?? "?")", "\(new["size"] ?? "?")")
    default: values = ("-", "-")
    }
    return [kind, change["at"] as? String ?? "-", values.0, values.1]
  }
}
