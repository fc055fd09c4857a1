/// Accumulates output lines, keeping pahole's blank-line rhythm around comments.
///
/// The text goes straight into one UTF-8 buffer, a piece at a time (`write`, `spaces`,
/// `number`, `endLine`) or a line at a time (`line`): a whole kernel's layouts are
/// 136,000 lines, and building each line from joined and padded intermediate strings
/// was most of the time `layout` took on BTF.
///
/// Not copyable: it owns its buffer outright, so appending is a copy of bytes with no
/// reference counting, uniqueness check or growth machinery of an array per call (a
/// fifth of printing a whole kernel went there). Finished text leaves as a `String`
/// (`text`) or, between threads, as `Lines` gathered in a `RenderedText`.
struct TextLines: ~Copyable {
  private var base: UnsafeMutablePointer<UInt8>
  private var count = 0
  private var capacity = 256
  /// Whether any line was ended, and whether the last one was empty.
  private var hasLines = false
  private var lastLineEmpty = false
  /// Bytes of the line being written.
  private var lineStart = 0
  /// Whether the line being written holds a control byte to escape (`endLine`).
  private var lineHasControl = false

  init() { base = .allocate(capacity: capacity) }

  /// Room for about `expected` bytes from the start (text of known extent: no buffer
  /// grown and copied ten times over on the way).
  init(expected: Int) {
    capacity = max(256, expected)
    base = .allocate(capacity: capacity)
  }

  deinit { base.deallocate() }

  /// Lines finished on one thread, for `pieces(appending:)` on another (after the
  /// threads have finished: `Workers` hands results over in order): the bytes handed
  /// over as they are, not copied into a string and out of it again (a kernel's are
  /// 6 MB).
  final class Lines {
    /// Owned: written once by the thread that finished them, then only read.
    let bytes: UnsafeMutableBufferPointer<UInt8>

    fileprivate init(bytes: UnsafeMutableBufferPointer<UInt8>) { self.bytes = bytes }

    deinit { bytes.deallocate() }
  }

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
    write(indent)
    write("/* ")
    write(text)
    line(" */")
    if trailingBlank { line("") }
  }

  /// Appends to the line being written.
  mutating func write(_ s: String) {
    var s = s
    s.withUTF8 { write($0) }
  }

  /// Appends a literal: its bytes as compiled in, with no string to open (the comment
  /// delimiters and words of every member line).
  mutating func write(literal s: StaticString) {
    write(checked: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
  }

  mutating func write(byte: UInt8) {
    reserve(1)
    base[count] = byte
    count += 1
  }

  /// `n` spaces (none when `n` is not positive).
  mutating func spaces(_ n: Int) { run(0x20, n) }

  /// `n` tabs.
  mutating func tabs(_ n: Int) { run(0x09, n) }

  private mutating func run(_ byte: UInt8, _ n: Int) {
    guard n > 0 else { return }
    reserve(n)
    (base + count).update(repeating: byte, count: n)
    count += n
  }

  /// Appends `bytes` to the line being written.
  mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) {
    if !lineHasControl { lineHasControl = Self.hasControl(bytes) }
    write(checked: bytes)
  }

  /// The same, for bytes known to hold no control byte (`hasControl` said so when they
  /// were kept: a member type's spelling, written on every line of its type).
  mutating func write(checked bytes: UnsafeBufferPointer<UInt8>) {
    guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
    reserve(bytes.count)
    (base + count).update(from: source, count: bytes.count)
    count += bytes.count
  }

  /// Names come from the file: a newline in a member name must not start a line of
  /// its own (`::error file=…::` is a command to GitHub Actions), nor an ESC reach the
  /// terminal. The line's control bytes, other than the tabs the listing indents with,
  /// are written as `Escape.text` writes them. Text from outside (`write(_:)`) is
  /// tested as it is written; what the listing writes itself (its words, numbers and
  /// spacing, `write(literal:)`, `number`, `spaces`, `tabs`, `write(byte:)`) holds none.
  /// A line with none (every line of a real file) is left as it is.
  private mutating func escapeControls() {
    guard lineHasControl else { return }
    lineHasControl = false
    let raw = String(
      decoding: UnsafeBufferPointer(start: base + lineStart, count: count - lineStart),
      as: UTF8.self)
    count = lineStart
    var escaped = Escape.text(raw, keepingTabs: true)
    escaped.withUTF8 { write(checked: $0) }
  }

  /// Whether `bytes` hold a control byte to escape, tested eight at a time: a whole
  /// kernel's listing is 6 MB, and a byte at a time this scan was a sixth of writing
  /// it. Each test below marks the high bit of exactly the bytes it is about (the low
  /// seven bits are added apart, so nothing carries into the next byte). Only a word
  /// with a byte above 0x7F (a C1 control is 0xC2 0x80–0x9F) is looked at byte by
  /// byte, with the byte after it: a C1 control split between two writes is two
  /// bytes that are each harmless alone, and are tested together at the line's end.
  static func hasControl(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let base = bytes.baseAddress, bytes.count >= 8 else {
      return hasControl(bytes, 0..<bytes.count)
    }
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highBits = ones &* 0x80
    let lowBits = ones &* 0x7F
    /// The bytes of `word` that are zero.
    func zeroBytes(_ word: UInt64) -> UInt64 { ~(((word & lowBits) &+ lowBits) | word) & highBits }
    var i = 0
    while true {
      let at = min(i, bytes.count - 8)
      let word = UnsafeRawPointer(base + at).loadUnaligned(as: UInt64.self)
      let below20 = ~(((word & lowBits) &+ ones &* 0x60) | word) & highBits
      let tabs = zeroBytes(word ^ ones &* 0x09)
      let deletes = zeroBytes(word ^ lowBits)
      if (below20 & ~tabs) | deletes != 0 { return true }
      if word & highBits != 0, hasControl(bytes, at..<at + 8) { return true }
      i += 8
      if i >= bytes.count { return false }
    }
  }

  /// The same test a byte at a time over `range` of `bytes`; a byte 0xC2 at the end
  /// counts, since what follows it may be the second byte of a C1 control.
  private static func hasControl(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
    for i in range {
      let b = bytes[i]
      if (b < 0x20 && b != 0x09) || b == 0x7F { return true }
      // C1 controls (U+0080–U+009F) are 0xC2 0x80–0x9F in UTF-8.
      if b == 0xC2 && (i + 1 == bytes.count || (0x80...0x9F).contains(bytes[i + 1])) { return true }
    }
    return false
  }

  /// Room for `extra` more bytes: a comparison on every write, inlined; the growing
  /// (rare) apart.
  @inline(__always)
  private mutating func reserve(_ extra: Int) {
    if count + extra > capacity { grow(toHold: extra) }
  }

  @inline(never)
  private mutating func grow(toHold extra: Int) {
    var grown = capacity * 2
    while grown < count + extra { grown *= 2 }
    let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
    bigger.update(from: base, count: count)
    base.deallocate()
    base = bigger
    capacity = grown
  }

  /// `value` in decimal, right-aligned in `width` columns.
  mutating func number(_ value: UInt64, width: Int = 0) {
    let digits = decimalDigits(value)
    let padding = max(width - digits, 0)
    reserve(padding + digits)
    (base + count).update(repeating: 0x20, count: padding)
    count += padding
    var rest = value
    var at = count + digits
    repeat {
      at -= 1
      base[at] = 0x30 &+ UInt8(truncatingIfNeeded: rest % 10)
      rest /= 10
    } while rest > 0
    count += digits
  }

  /// Ends the line being written.
  mutating func endLine() {
    escapeControls()
    lastLineEmpty = count == lineStart
    write(byte: 0x0A)
    lineStart = count
    hasLines = true
  }

  /// Appends `text`, whole lines each ending with a newline.
  mutating func appendLines(_ text: String) {
    guard !text.isEmpty else { return }
    // Whole lines, escaped by whoever made them (`LayoutListingText.render`).
    var text = text
    text.withUTF8 { write(checked: $0) }
    lastLineEmpty = text == "\n" || text.hasSuffix("\n\n")
    lineStart = count
    hasLines = true
  }

  /// The lines ended so far, then `others`, as the pieces they are: the threads'
  /// buffers handed on, nothing copied.
  consuming func pieces(appending others: [Lines]) -> RenderedText {
    RenderedText(pieces: [finish()] + others)
  }

  /// The lines ended so far, to hand to another thread (a line being written is
  /// dropped). The buffer goes with them.
  consuming func finish() -> Lines {
    let lines = Lines(bytes: UnsafeMutableBufferPointer(start: base, count: lineStart))
    discard self
    return lines
  }

  /// The lines ended so far.
  var lines: [String] {
    var result = UnsafeBufferPointer(start: base, count: lineStart).split(
      separator: 0x0A, omittingEmptySubsequences: false
    ).map { String(decoding: $0, as: UTF8.self) }
    result.removeLast()
    return result
  }

  /// Every line ended so far, each with its newline.
  var text: String {
    String(decoding: UnsafeBufferPointer(start: base, count: lineStart), as: UTF8.self)
  }
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
