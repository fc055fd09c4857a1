import System
import Testing

/// The two text helpers that stand in for full Foundation's `String(format: "%02x")`
/// and `trimmingCharacters(in: .whitespaces)`: the same results (checked against
/// Foundation on these inputs when they were written).
struct TextHelpersTests {
  @Test func everyByteIsTwoLowercaseDigits() {
    let all = (0...255).map { UInt8($0) }.lowercaseHex
    #expect(all.count == 512)
    for byte in 0...255 {
      let start = all.index(all.startIndex, offsetBy: byte * 2)
      let digits = String(all[start..<all.index(start, offsetBy: 2)])
      #expect(UInt8(digits, radix: 16) == UInt8(byte))
      #expect(digits == digits.lowercased())
    }
    #expect([UInt8]().lowercaseHex == "")
    #expect([0x0A, 0xEB, 0x9F].lowercaseHex == "0aeb9f")
  }

  @Test(arguments: [
    ("  struct list_head *\t", "struct list_head *"), ("list_head", "list_head"),
    ("   ", ""), ("", ""), (" a b ", "a b"), ("\u{00A0}x\u{2003}", "x"),
    // What `.whitespaces` leaves: line breaks, a carriage return, a combining mark.
    ("a\r", "a\r"), ("\nx \n", "\nx \n"), (" \u{301}x", "\u{301}x"),
  ])
  func spacesAndTabsGoFromBothEndsOnly(text: String, trimmed: String) {
    #expect(text.trimmingWhitespace == trimmed)
    #expect(text[...].trimmingWhitespace == trimmed)
  }
}
