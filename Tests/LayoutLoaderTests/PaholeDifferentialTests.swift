import LayoutLoader
import LayoutModel
import Reports
import TestSupport
import Testing

/// Every struct and union of every fixture, against pahole's committed output for the
/// same file (`Fixtures/oracle/<file>.pahole.txt`, made by scripts/build-fixtures).
struct PaholeDifferentialTests {
  static let inputs: [String] =
    (Fixtures.files(under: "obj", suffixes: [".o"])
    + Fixtures.files(under: "modules", suffixes: [".ko"])
    + Fixtures.files(under: "replace", suffixes: [".o"])
    + Fixtures.files(under: "parity", suffixes: [".o"]))
    .filter { Fixtures.oracle(for: $0, kind: "pahole.txt") != nil }

  /// Compressed and otherwise re-wrapped copies must read exactly as their original.
  static let rewrapped: [(String, String)] = Fixtures.files(
    under: "special", suffixes: [".xz", ".gz", ".bz2", ".zst", ".ko"]
  )
  .compactMap { special in
    guard let original = Fixtures.oracleSource(ofSpecial: special) else { return nil }
    return (special, original)
  }

  @Test func thereAreFixturesToCompare() {
    #expect(Self.inputs.count >= 50, "found \(Self.inputs.count) fixtures with pahole oracles")
  }

  @Test(arguments: inputs)
  func layoutsMatchPahole(relative: String) throws {
    let oracle = try #require(Fixtures.oracle(for: relative, kind: "pahole.txt"))
    let mismatches = try Self.compare(file: Fixtures.path(relative), oracle: oracle)
    #expect(
      mismatches.isEmpty,
      "\(relative): \(mismatches.count) mismatches:\n\(mismatches.prefix(10).joined(separator: "\n"))"
    )
  }

  @Test(arguments: rewrapped)
  func rewrappedFilesMatchTheirOriginal(special: String, original: String) throws {
    let oracle = try #require(Fixtures.oracle(for: original, kind: "pahole.txt"))
    let mismatches = try Self.compare(file: Fixtures.path(special), oracle: oracle)
    #expect(mismatches.isEmpty, "\(special): \(mismatches.prefix(10).joined(separator: "\n"))")
  }

  /// Compares each named block of pahole's output with our layout of the same type:
  /// size, member count, every member's offset/size/bit position, holes, bit holes,
  /// padding, and the rendered text itself.
  static func compare(file: String, oracle: String, compareText: Bool = false) throws -> [String] {
    let result = try LayoutRequest(path: file, types: []).run()
    // A name can have several distinct definitions (two units, one name): each of
    // pahole's blocks is compared with ours of that name whose numbers agree, if any.
    var ours: [String: [StructLayout]] = [:]
    for layout in result.layouts where layout.name != nil {
      ours[layout.kind.rawValue + " " + layout.name!, default: []].append(layout)
    }
    let renderer = LayoutTextRenderer(table: result.table)
    var mismatches: [String] = []
    for expected in PaholeOracle.parse(oracle)
    where expected.heading.split(separator: " ").count == 2 {
      guard let candidates = ours[expected.heading] else {
        mismatches.append("\(expected.heading): missing")
        continue
      }
      let parsed: [PaholeStruct?] = candidates.map { layout in
        var actual = PaholeOracle.parse(renderer.render(layout)).first
        if expected.size == nil { actual?.size = nil }
        if expected.memberCount == nil { actual?.memberCount = nil }
        return actual
      }
      guard let actual = parsed.first(where: { $0?.description == expected.description }) ?? nil
      else {
        mismatches.append(
          "pahole: \(expected)\nours:   \(parsed.map { $0?.description ?? "unparsable" }.joined(separator: "\n        "))"
        )
        continue
      }
      if compareText && actual.text != expected.text {
        mismatches.append(
          "text differs for \(expected.heading):\n\(expected.text)---\n\(actual.text)")
      }
    }
    return mismatches
  }
}
