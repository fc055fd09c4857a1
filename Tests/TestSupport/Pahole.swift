import Foundation

/// Runs the real pahole (Debian's `dwarves`, installed by scripts/test) for checks of
/// options whose output is not committed as an oracle.
public enum Pahole {
  public static func run(_ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/pahole")
    process.arguments = arguments
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
  }

  /// Every `/* offset size */` or `/* offset:bit size */` comment, in order.
  public static func positions(_ text: String) -> [String] {
    text.split(separator: "\n").compactMap { line in
      guard let open = line.range(of: "/*", options: .backwards), line.hasSuffix("*/") else { return nil }
      let inner = line[open.upperBound..<line.index(line.endIndex, offsetBy: -2)]
      let compact = inner.split(separator: " ").joined(separator: " ")
      return compact.allSatisfy { $0.isHexDigit || $0 == " " || $0 == ":" || $0 == "x" } && !compact.isEmpty ? compact : nil
    }
  }
}
