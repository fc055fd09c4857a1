import System
import Testing

/// The parser's text carries each argument's exact bytes (`CommandArguments.carrying`),
/// and `FilePath(argument:)` takes them back: for UTF-8, for bytes that are not, and for
/// the private-use scalars that stand for such bytes when an argument really holds one.
struct CommandArgumentsTests {
  @Test(arguments: [
    Array("plain.ko".utf8), Array("odd-".utf8) + [0xFF] + Array(".ko".utf8),
    [0xC3, 0x28, 0x80, 0xFE, 0xFF], Array("é€𝄞".utf8),
    // U+10FF80 and U+10FFFF, spelled in UTF-8: the range that stands for bytes.
    [0xF4, 0x8F, 0xBE, 0x80, 0x41, 0xF4, 0x8F, 0xBF, 0xBF], [], [0x0A, 0x1B],
  ])
  func everyArgumentComesBackExactly(bytes: [UInt8]) {
    let text = CommandArguments.carrying(bytes)
    #expect(FilePath(argument: text).bytes == bytes)
    #expect(FilePath(argument: text).description == FilePath(bytes: bytes).description)
  }

  @Test func utf8IsCarriedAsItIs() {
    #expect(CommandArguments.carrying(Array("layout".utf8)) == "layout")
    #expect(FilePath(argument: "a/b.ko") == FilePath("a/b.ko"))
  }

  /// main's argv, captured before main: the test runner's own arguments.
  @Test func mainsArgumentsAreCaptured() {
    #expect(CommandArguments.bytes.count == CommandLine.arguments.count)
    #expect(CommandArguments.bytes.first == Array(CommandLine.arguments[0].utf8))
  }

  @Test func hexIsForPathsThatAreNotUTF8() {
    #expect(FilePath("ok.ko").hexBytesUnlessUTF8 == nil)
    #expect(FilePath(bytes: [0x61, 0xFF]).hexBytesUnlessUTF8 == "61ff")
  }
}
