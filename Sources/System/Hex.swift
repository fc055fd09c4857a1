/// Bytes as lowercase hex, two digits each: build ids, non-UTF-8 paths in reports,
/// bytes quoted in messages. Written here rather than with `String(format:)`, which
/// lives in the full Foundation this tool does not link (FoundationEssentials does not
/// have it).
extension Sequence where Element == UInt8 {
  public var lowercaseHex: String {
    var text = ""
    text.reserveCapacity(underestimatedCount * 2)
    for byte in self {
      text.unicodeScalars.append(hexDigit(byte >> 4))
      text.unicodeScalars.append(hexDigit(byte & 0xF))
    }
    return text
  }
}

private func hexDigit(_ value: UInt8) -> Unicode.Scalar {
  Unicode.Scalar(value < 10 ? 0x30 + value : 0x57 + value)
}
