/// `gdb -batch -ex 'ptype /o struct X'` output (one block per `=== struct X` marker)
/// parsed into the facts the differential tests compare: the total size and, for each
/// top-level member, its absolute bit offset and byte size.
public struct GdbStruct: Equatable, Sendable {
  public var heading: String
  public var size: UInt64?
  /// (bit offset from the struct start, byte size) per top-level member.
  public var members: [[UInt64]] = []
}

public enum GdbOracle {
  public static func parse(_ text: String) -> [GdbStruct] {
    var result: [GdbStruct] = []
    var current: GdbStruct?
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.hasPrefix("=== ") {
        if let done = current { result.append(done) }
        current = GdbStruct(heading: String(line.dropFirst(4)))
        continue
      }
      guard current != nil else { continue }
      if let total = totalSize(line) { current!.size = total }
      if let member = topLevelMember(line) { current!.members.append(member) }
    }
    if let done = current { result.append(done) }
    return result.filter { $0.size != nil }
  }

  /// `/* total size (bytes):  152 */`: the last one in a block is the outermost type's.
  static func totalSize(_ line: Substring) -> UInt64? {
    guard let r = line.range(of: "/* total size (bytes):") else { return nil }
    return UInt64(line[r.upperBound...].drop { $0 == " " }.prefix { $0.isNumber })
  }

  /// A member line at the first level: its comment is followed by exactly four spaces.
  static func topLevelMember(_ line: Substring) -> [UInt64]? {
    guard line.hasPrefix("/*"), !line.hasPrefix("/* XXX"), !line.hasPrefix("/* offset"),
      let close = line.range(of: " */")
    else { return nil }
    let after = line[close.upperBound...]
    guard after.hasPrefix("    "), !after.hasPrefix("     ") else { return nil }
    let inner = line[line.index(line.startIndex, offsetBy: 2)..<close.lowerBound]
    let halves = inner.split(separator: "|", omittingEmptySubsequences: false)
    if halves.count == 1 {  // union member: size only
      guard let size = UInt64(halves[0].filter { $0 != " " }) else { return nil }
      return [0, size]
    }
    guard halves.count == 2, let size = UInt64(halves[1].filter { $0 != " " }) else { return nil }
    let position = halves[0].split(separator: ":").map { UInt64($0.filter { $0 != " " }) }
    guard let byte = position.first ?? nil else { return nil }
    let bit = position.count > 1 ? (position[1] ?? 0) : 0
    return [byte * 8 + bit, size]
  }
}
