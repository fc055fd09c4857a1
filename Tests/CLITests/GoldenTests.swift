import Foundation
import Testing
import TestSupport

/// Every subcommand's output in every format, compared byte for byte with
/// `Fixtures/expected/<subcommand>/<case>.<ext>`. `UPDATE_GOLDENS=1 scripts/test`
/// (or `scripts/update-goldens`) rewrites the files that differ, and the test then
/// fails, so an update is always a diff someone reviews.
@Suite struct GoldenTests {
  static let updating = ProcessInfo.processInfo.environment["UPDATE_GOLDENS"] == "1"
  static let expected = Fixtures.root.appendingPathComponent("expected")

  @Test func everyReportMatchesItsGolden() throws {
    var rewritten: [String] = []
    for output in ReportOutputs.all {
      let r = output.result
      #expect(
        r.status == output.reportCase.status, "\(output): exit \(r.status), stderr: \(r.stderr)")
      #expect(r.stderr.isEmpty, "\(output): \(r.stderr)")
      let url = Fixtures.packageRoot.appendingPathComponent(output.goldenPath)
      let golden = try? Data(contentsOf: url)
      let actual = Data(r.stdout.utf8)
      if golden == actual { continue }
      if Self.updating {
        try FileManager.default.createDirectory(
          at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try actual.write(to: url)
        rewritten.append(output.goldenPath)
      } else if golden == nil {
        Issue.record(
          "\(output.goldenPath) is missing: run scripts/update-goldens and review the new file")
      } else {
        let line = Self.firstDifferingLine(golden!, actual)
        let message =
          "\(output.goldenPath) differs from the output (first difference at line \(line)); "
          + "if the change is intended, run scripts/update-goldens and review the diff"
        Issue.record(Comment(rawValue: message))
      }
    }
    if !rewritten.isEmpty {
      Issue.record(
        "UPDATE_GOLDENS=1 rewrote \(rewritten.count) golden files (review with git diff): \(rewritten.joined(separator: ", "))"
      )
    }
  }

  /// A golden file no case produces is stale: it would pass review unnoticed.
  @Test func noGoldenWithoutACase() throws {
    let produced = Set(ReportOutputs.all.map(\.goldenPath))
    let files = Fixtures.files(under: "expected", suffixes: [".txt", ".json", ".md", ".github"])
    let owned = ReportCase.goldensOwnedElsewhere.map { "expected/\($0)/" }
    for file in files
    where !produced.contains("Fixtures/" + file) && !owned.contains(where: file.hasPrefix) {
      Issue.record("Fixtures/\(file) belongs to no case in ReportCases.swift")
    }
    // Every subcommand and format is covered.
    #expect(ReportCase.subcommands.count >= 9, "\(ReportCase.subcommands)")
    for sub in ReportCase.subcommands
    where sub != "baseline" && !ReportCase.goldensOwnedElsewhere.contains(sub) {
      for format in ["text", "json", "markdown"] {
        #expect(
          ReportOutputs.all.contains { $0.reportCase.subcommand == sub && $0.format == format },
          "\(sub) \(format)")
      }
    }
    #expect(
      ReportOutputs.all.contains { $0.reportCase.subcommand == "check" && $0.format == "github" })
    #expect(ReportOutputs.all.contains { $0.reportCase.subcommand == "baseline" })
  }

  /// The ASCII goldens really are ASCII, and the UTF-8 ones of the same reports are not.
  @Test func asciiFallbackWhenTheLocaleIsNotUTF8() {
    let ascii = ReportOutputs.all.filter(\.ascii)
    #expect(!ascii.isEmpty)
    for output in ascii {
      #expect(output.result.stdout.utf8.allSatisfy { $0 < 0x80 }, "\(output) has non-ASCII bytes")
      let utf8 = ReportOutputs.all.first {
        !$0.ascii && $0.format == "text" && $0.reportCase.subcommand == output.reportCase.subcommand
          && output.reportCase.name.hasPrefix($0.reportCase.name + ".")
      }
      #expect(
        utf8.map { !$0.result.stdout.utf8.allSatisfy { $0 < 0x80 } } == true,
        "\(output): no UTF-8 twin drawing lines")
    }
  }

  /// Negative numbers are ASCII (`-8`), never U+2212, in every format, so that
  /// `grep -- -8` finds them; the shrunk diff shows its -8 in each.
  @Test func numbersAreASCII() throws {
    for output in ReportOutputs.all {
      #expect(!output.result.stdout.contains("\u{2212}"), "\(output) has U+2212")
    }
    for file in Fixtures.files(under: "expected", suffixes: [".txt", ".json", ".md", ".github"]) {
      let text = try String(contentsOf: Fixtures.root.appendingPathComponent(file), encoding: .utf8)
      #expect(!text.contains("\u{2212}"), "Fixtures/\(file) has U+2212")
    }
    let shrunk = ReportOutputs.all.filter { $0.reportCase.description == "diff/member_reordered" }
    #expect(shrunk.count == 3)
    for output in shrunk { #expect(output.result.stdout.contains("-8"), "\(output)") }
  }

  static func firstDifferingLine(_ a: Data, _ b: Data) -> Int {
    let x = String(decoding: a, as: UTF8.self).split(
      separator: "\n", omittingEmptySubsequences: false)
    let y = String(decoding: b, as: UTF8.self).split(
      separator: "\n", omittingEmptySubsequences: false)
    for i in 0..<max(x.count, y.count) where i >= x.count || i >= y.count || x[i] != y[i] {
      return i + 1
    }
    return 0
  }
}
