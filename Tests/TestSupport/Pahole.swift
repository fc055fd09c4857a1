import Foundation

/// Runs the real pahole (Debian's `dwarves`, installed by scripts/test) for checks of
/// options whose output is not committed as an oracle.
public enum Pahole {
  /// pahole's output; an error when pahole fails (an oracle that said nothing must not
  /// read as "no types").
  public static func run(_ arguments: [String]) throws -> String {
    try Subprocess("/usr/bin/pahole", arguments).succeed().output
  }

  /// Every `/* offset size */` or `/* offset:bit size */` comment, in order.
  public static func positions(_ text: String) -> [String] {
    text.split(separator: "\n").compactMap { line in
      guard let open = line.range(of: "/*", options: .backwards), line.hasSuffix("*/") else {
        return nil
      }
      let inner = line[open.upperBound..<line.index(line.endIndex, offsetBy: -2)]
      let compact = inner.split(separator: " ").joined(separator: " ")
      return compact.allSatisfy { $0.isHexDigit || $0 == " " || $0 == ":" || $0 == "x" }
        && !compact.isEmpty ? compact : nil
    }
  }
}

extension Pahole {
  /// Whether a `pahole --reorganize` proposal keeps every `__aligned__(N)` it prints:
  /// members at multiples of N, the struct's size a multiple of its N. pahole 1.24
  /// ignores them (it moves `int b __aligned__(16)` to offset 4).
  public static func keepsAlignment(_ text: String) -> Bool {
    var size: UInt64?
    for line in text.split(separator: "\n") {
      if let r = line.range(of: "/* size: ") {
        size = UInt64(line[r.upperBound...].prefix { $0.isNumber })
      }
      guard let a = line.range(of: "__aligned__(") else { continue }
      let n = UInt64(line[a.upperBound...].prefix { $0.isNumber }) ?? 1
      if line.hasPrefix("}") {
        if let size, size % n != 0 { return false }
      } else if let position = positions(String(line)).first,
        let offset = UInt64(position.split(separator: " ").first ?? "")
      {
        if offset % n != 0 { return false }
      }
    }
    return true
  }
}

extension Pahole {
  /// The top-level member names of one struct pahole printed, in its order (a
  /// `--reorganize` proposal read back).
  public static func memberNames(_ text: String) -> [String] {
    text.split(separator: "\n").compactMap { line -> String? in
      guard line.hasPrefix("\t"), !line.hasPrefix("\t\t"), !line.hasPrefix("\t}"),
        let comment = line.range(of: "/*"), !line.hasPrefix("\t/*")
      else { return nil }
      var declaration = String(line[..<comment.lowerBound])
      if let pointer = declaration.range(of: #"\(\*\s*(\w+)"#, options: .regularExpression) {
        return String(declaration[pointer].drop { !$0.isLetter && $0 != "_" })
      }
      if let attribute = declaration.range(of: "__attribute__") {
        declaration = String(declaration[..<attribute.lowerBound])
      }
      let name = declaration.split(whereSeparator: { " \t;*".contains($0) }).last ?? ""
      return String(name.prefix { $0 != "[" && $0 != ":" })
    }
  }
}
