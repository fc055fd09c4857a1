import Foundation
import TestSupport

/// `Fixtures/oracle/verify/**/*.expected.tsv`, written by scripts/verify-oracle from
/// readelf/pahole output only: per module × target × kind (`syms`: the symbol extract,
/// `btf`: the raw BTF), one row per (check, object, subject) and a verdict row.
struct VerifyOracleFile: Sendable, CustomStringConvertible {
  struct Row: Sendable, Hashable {
    var check: String
    var object: String
    var subject: String
  }

  /// Relative to Fixtures/oracle/verify.
  var name: String
  var module: String
  var target: String
  var modules: String
  var rows: [Row: (status: String, reason: String)] = [:]
  var verdict = ""

  var description: String { name }

  /// The checks the oracle writes rows for: never `layout`; `prototype` only for some
  /// modules; and of `livepatch` the target's support only (not the module's tag).
  func covers(_ check: String, subject: String) -> Bool {
    switch check {
    case "layout": return false
    case "prototype": return rows.keys.contains { $0.check == "prototype" }
    case "livepatch": return subject == "klp_enable_patch"
    default: return true
    }
  }

  static let directory = Fixtures.root.appendingPathComponent("oracle/verify")

  static let all: [VerifyOracleFile] = Fixtures.files(
    under: "oracle/verify", suffixes: [".expected.tsv"]
  ).compactMap { read($0) }

  static func read(_ relative: String) -> VerifyOracleFile? {
    guard
      let text = try? String(
        contentsOf: Fixtures.root.appendingPathComponent(relative), encoding: .utf8)
    else { return nil }
    var file = VerifyOracleFile(
      name: String(relative.dropFirst("oracle/verify/".count)), module: "", target: "",
      modules: "")
    for line in text.split(separator: "\n") {
      if line.hasPrefix("# module: ") { file.module = String(line.dropFirst(10)) }
      if line.hasPrefix("# target: "),
        let open = line.range(of: ": ", range: line.range(of: "(")!.upperBound..<line.endIndex),
        let close = line.range(of: "), modules: ")
      {
        file.target = String(line[open.upperBound..<close.lowerBound])
        file.modules = String(line[close.upperBound...])
      }
      let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
      guard !line.hasPrefix("#"), cells.count == 5, cells[0] != "check" else { continue }
      if cells[0] == "verdict" {
        file.verdict = cells[3]
      } else {
        file.rows[Row(check: cells[0], object: cells[1], subject: cells[2])] = (cells[3], cells[4])
      }
    }
    return file
  }
}

/// `verify --format json` of every module an oracle file names, one run per target
/// (every module of it at once: each symbol extract is unpacked once per test process).
enum VerifyOracleRuns {
  struct Finding: Decodable, Sendable {
    var check: String
    var object: String?
    var subject: String
    var status: String
    var reason: String
  }

  struct Module: Decodable, Sendable {
    var file: String
    var verdict: String
    var findings: [Finding]
  }

  struct Document: Decodable, Sendable {
    var verdict: String
    var modules: [Module]
  }

  /// Module path → its report, per (target, module tree); and any run that failed.
  static let reports: (byTarget: [String: [String: Module]], problems: [String]) = run()

  static func run() -> (byTarget: [String: [String: Module]], problems: [String]) {
    var groups: [String: (modules: String, paths: [String])] = [:]
    for file in VerifyOracleFile.all {
      var group = groups[file.target] ?? (file.modules, [])
      if !group.paths.contains(file.module) { group.paths.append(file.module) }
      groups[file.target] = group
    }
    var byTarget: [String: [String: Module]] = [:]
    var problems: [String] = []
    for (target, group) in groups.sorted(by: { $0.key < $1.key }) {
      do {
        let r = try CLI.run(
          ["verify"] + group.paths + [
            "--target", target, "--modules", group.modules, "--format", "json",
          ],
          workingDirectory: Fixtures.packageRoot)
        guard r.status == 0 || r.status == 1 else {
          problems.append("\(target): exit \(r.status): \(r.stderr)")
          continue
        }
        let document = try JSONDecoder().decode(Document.self, from: Data(r.stdout.utf8))
        byTarget[target] = Dictionary(document.modules.map { ($0.file, $0) }) { a, _ in a }
      } catch {
        problems.append("\(target): \(error)")
      }
    }
    return (byTarget, problems)
  }

  static func report(for file: VerifyOracleFile) -> Module? {
    reports.byTarget[file.target]?[file.module]
  }
}
