import System
import Testing

/// Paths are bytes: they are split, joined and shown without ever being taken as text.
struct FilePathTests {
  @Test func componentsOfRelativeAbsoluteAndBarePaths() {
    #expect(FilePath("x").removingLastComponent == ".")
    #expect(FilePath("x").lastComponent == "x")
    #expect(FilePath("/x").removingLastComponent == "/")
    #expect(FilePath("a/b/c.ko").removingLastComponent == "a/b")
    #expect(FilePath("a/b/c.ko").lastComponent == "c.ko")
    #expect(FilePath("a//b").removingLastComponent == "a")
    #expect(FilePath("a/b/").lastComponent == "b")
    #expect(FilePath("a").appending("b") == "a/b")
    #expect(FilePath("a/").appending("b") == "a/b")
    #expect(FilePath("/abs").isAbsolute && !FilePath("rel").isAbsolute)
  }

  @Test func bytesThatAreNotUTF8AreKeptAndShownEscaped() {
    let path = FilePath(bytes: Array("odd-".utf8) + [0xFF] + Array(".ko".utf8))
    #expect(path.string == nil)
    #expect(path.bytes.count == 8)
    #expect(path.description == "odd-\\xff.ko")
    #expect(path.lossyString == "odd-\u{FFFD}.ko")
  }

  @Test func controlBytesCannotBreakALineOrReachTheTerminal() {
    let path = FilePath("a\nb\u{1B}[31mc\td")
    #expect(path.description == "a\\nb\\x1b[31mc\\td")
    #expect(!path.description.contains("\n") && !path.description.contains("\u{1B}"))
    #expect(FilePath("ünïcode/ok").description == "ünïcode/ok")
  }

  @Test func theKernelCannotTakeEmptyPathsOrNULs() {
    #expect(!FilePath("").isValid)
    #expect(!FilePath(bytes: [0x61, 0, 0x62]).isValid)
    #expect(FilePath("ok").isValid)
  }
}
