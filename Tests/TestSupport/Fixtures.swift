import Foundation

/// Finds the committed fixtures from this source file's location, so tests run the
/// same from any working directory.
public enum Fixtures {
  /// The package root (two levels above `Tests/TestSupport`).
  public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// `Fixtures/`.
  public static let root = packageRoot.appendingPathComponent("Fixtures")

  /// The absolute path of `relative` under `Fixtures/`.
  public static func path(_ relative: String) -> String {
    root.appendingPathComponent(relative).path
  }

  /// Every file under `Fixtures/<directory>` whose name ends with one of `suffixes`,
  /// as paths relative to `Fixtures/`, sorted.
  public static func files(under directory: String, suffixes: [String]) -> [String] {
    let base = root.appendingPathComponent(directory)
    guard let walker = FileManager.default.enumerator(atPath: base.path) else { return [] }
    var result: [String] = []
    while let item = walker.nextObject() as? String {
      if suffixes.contains(where: { item.hasSuffix($0) }) { result.append(directory + "/" + item) }
    }
    return result.sorted()
  }

  /// The oracle file beside a fixture: `Fixtures/oracle/<relative>.<kind>`.
  public static func oracle(for relative: String, kind: String) -> String? {
    let url = root.appendingPathComponent("oracle").appendingPathComponent(relative + "." + kind)
    return try? String(contentsOf: url, encoding: .utf8)
  }
}

extension Fixtures {
  /// For a re-wrapped copy under `special/` (compressed file or sections), the fixture
  /// it was made from, whose oracle applies; declared in `special/SOURCES`.
  public static func oracleSource(ofSpecial relative: String) -> String? {
    guard
      let text = try? String(
        contentsOf: root.appendingPathComponent("special/SOURCES"), encoding: .utf8)
    else { return nil }
    let name = String(relative.dropFirst("special/".count))
    for line in text.split(separator: "\n") {
      let parts = line.split(separator: " ", omittingEmptySubsequences: true)
      if parts.count == 2 && parts[0] == name { return String(parts[1]) }
    }
    return nil
  }
}
