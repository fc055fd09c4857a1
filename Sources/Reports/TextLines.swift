/// Accumulates output lines, keeping pahole's blank-line rhythm around comments.
///
/// The text goes straight into one UTF-8 buffer, a piece at a time (`write`, `spaces`,
/// `number`, `endLine`) or a line at a time (`line`): a whole kernel's layouts are
/// 136,000 lines, and building each line from joined and padded intermediate strings
/// was most of the time `layout` took on BTF.
struct TextLines {
  private var bytes: [UInt8] = []
  /// Whether any line was ended, and whether the last one was empty.
  private var hasLines = false
  private var lastLineEmpty = false
  /// Bytes of the line being written.
  private var lineStart = 0

  init() { bytes.reserveCapacity(256) }

  mutating func line(_ s: String) {
    write(s)
    endLine()
  }

  /// An empty line, unless the last line is one.
  mutating func blank() { if !hasLines || !lastLineEmpty { endLine() } }

  /// A `/* … */` comment set off by blank lines, or glued to the comment above it.
  mutating func comment(
    _ indent: String, _ text: String, joinPrevious: Bool = false, trailingBlank: Bool = true
  ) {
    if !joinPrevious { blank() }
    line(indent + "/* " + text + " */")
    if trailingBlank { line("") }
  }

  /// Appends to the line being written.
  mutating func write(_ s: String) {
    var s = s
    s.withUTF8 { bytes.append(contentsOf: $0) }
  }

  mutating func write(byte: UInt8) { bytes.append(byte) }

  /// `n` spaces (none when `n` is not positive).
  mutating func spaces(_ n: Int) { run(0x20, n) }

  /// `n` tabs.
  mutating func tabs(_ n: Int) { run(0x09, n) }

  /// `n` copies of `byte`, a byte at a time (runs are a few bytes; the generic
  /// `append(contentsOf:)` of a repeated element cost more than the bytes).
  private mutating func run(_ byte: UInt8, _ n: Int) {
    guard n > 0 else { return }
    for _ in 0..<n { bytes.append(byte) }
  }

  /// `value` in decimal, right-aligned in `width` columns.
  mutating func number(_ value: UInt64, width: Int = 0) {
    var digits = 1
    var rest = value
    while rest >= 10 {
      rest /= 10
      digits += 1
    }
    spaces(width - digits)
    var divisor: UInt64 = 1
    for _ in 1..<digits { divisor &*= 10 }
    rest = value
    while divisor > 0 {
      bytes.append(0x30 + UInt8(truncatingIfNeeded: rest / divisor))
      rest %= divisor
      divisor /= 10
    }
  }

  /// Ends the line being written.
  mutating func endLine() {
    lastLineEmpty = bytes.count == lineStart
    bytes.append(0x0A)
    lineStart = bytes.count
    hasLines = true
  }

  /// Appends `text`, whole lines each ending with a newline.
  mutating func appendLines(_ text: String) {
    guard !text.isEmpty else { return }
    write(text)
    lastLineEmpty = text == "\n" || text.hasSuffix("\n\n")
    lineStart = bytes.count
    hasLines = true
  }

  /// Appends `other`'s lines.
  mutating func append(_ other: TextLines) {
    guard other.hasLines else { return }
    bytes.append(contentsOf: other.bytes)
    lineStart = bytes.count
    hasLines = true
    lastLineEmpty = other.lastLineEmpty
  }

  /// The lines ended so far.
  var lines: [String] {
    var result = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map {
      String(decoding: $0, as: UTF8.self)
    }
    result.removeLast()
    return result
  }

  /// Every line ended so far, each with its newline.
  var text: String { String(decoding: bytes[..<lineStart], as: UTF8.self) }
}

/// The columns a string takes as pahole's printf counts them for ASCII, and as
/// `String.count` does for other text (the width rules this renderer always used).
func columns(_ s: String) -> Int {
  var s = s
  let ascii = s.withUTF8 { bytes in
    var high: UInt8 = 0
    for c in bytes { high |= c }
    return high < 0x80
  }
  return ascii ? s.utf8.count : s.count
}
