import Foundation
import Testing
import TestSupport

/// `verify` against the independent oracle (scripts/verify-oracle): for every module ×
/// target × kind, every oracle row has a finding of the same status, no finding of a
/// check the oracle covers is missing from it, and the verdict over those checks is the
/// oracle's. What the oracle has no rows for (layouts, most prototypes) has its own
/// tests (VerifyCommandTests).
@Suite struct VerifyOracleTests {
  @Test func everyOracleFileIsRead() {
    #expect(VerifyOracleFile.all.count >= 120, "\(VerifyOracleFile.all.count)")
    for file in VerifyOracleFile.all {
      #expect(!file.module.isEmpty && !file.target.isEmpty && !file.verdict.isEmpty, "\(file)")
    }
    #expect(VerifyOracleRuns.reports.problems.isEmpty, "\(VerifyOracleRuns.reports.problems)")
  }

  @Test(arguments: VerifyOracleFile.all)
  func findingsMatchTheOracle(_ oracle: VerifyOracleFile) throws {
    let report = try #require(VerifyOracleRuns.report(for: oracle), "no report of \(oracle.module)")
    var mine: [VerifyOracleFile.Row: VerifyOracleRuns.Finding] = [:]
    for f in report.findings where oracle.covers(f.check, subject: f.subject) {
      let row = VerifyOracleFile.Row(check: f.check, object: f.object ?? "-", subject: f.subject)
      #expect(mine[row] == nil, "\(oracle): two findings for \(row)")
      mine[row] = f
    }
    for (row, expected) in oracle.rows {
      guard let got = mine[row] else {
        Issue.record(
          "\(oracle): no finding for \(row) (oracle: \(expected.status), \(expected.reason))")
        continue
      }
      #expect(
        got.status == expected.status,
        "\(oracle): \(row): \(got.status) (\(got.reason)); the oracle says \(expected.status) (\(expected.reason))"
      )
    }
    for row in mine.keys where oracle.rows[row] == nil {
      Issue.record("\(oracle): a finding the oracle does not have: \(row)")
    }
    let verdict = mine.values.contains { $0.status == "fail" } ? "fail" : "ok"
    #expect(verdict == oracle.verdict, "\(oracle): \(verdict) over the oracle's checks")
  }

  /// The rows compared, all told (a count that falls means a fixture lost its oracle).
  @Test func theOracleRowsAreAllCompared() {
    let rows = VerifyOracleFile.all.reduce(0) { $0 + $1.rows.count }
    #expect(rows >= 1700, "\(rows)")
  }
}
