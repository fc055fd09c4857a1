/// Raw BTF built by hand, for tests of what the readers accept and refuse.
public enum BTFBytes {
  /// Little-endian raw BTF from records of 32-bit words and a string section.
  public static func make(_ records: [[UInt32]], strings: String) -> [UInt8] {
    let body = records.flatMap { $0 }.flatMap(littleEndian)
    let strs = Array(strings.utf8)
    var header: [UInt8] = [0x9f, 0xeb, 1, 0]
    for w in [UInt32(24), 0, UInt32(body.count), UInt32(body.count), UInt32(strs.count)] {
      header += littleEndian(w)
    }
    return header + body + strs
  }

  /// A record's `info` word: kind, number of members, kind flag.
  public static func info(_ kind: UInt32, vlen: UInt32 = 0, kflag: Bool = false) -> UInt32 {
    kind << 24 | vlen | (kflag ? 1 << 31 : 0)
  }

  static func littleEndian(_ w: UInt32) -> [UInt8] {
    (0..<4).map { UInt8(truncatingIfNeeded: w >> (8 * $0)) }
  }
}
