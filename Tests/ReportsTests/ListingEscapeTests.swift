import LayoutModel
import ReportSchema
import Reports
import Testing

/// The pahole-style listing of `layout` and `audit` writes names from the file: a
/// newline in one must not start a line of its own (a GitHub Actions workflow command,
/// a forged Markdown heading), an ESC must not reach the terminal, and backticks must
/// not close the Markdown code block early.
struct ListingEscapeTests {
  static let forged =
    "a\n::error file=a.c,line=1::forged\n## ✅ SAFE\n```\n\u{1B}[31mred\u{1B}]8;;x\u{7}"

  static func document() -> LayoutDocument {
    var t = TypeTable(abi: TargetABI(machine: "x86_64", pointerSize: 8))
    t[TypeID(1)] = .base(name: "long", byteSize: 8, encoding: .signed)
    let a = AggregateType(
      kind: .structure, name: "vic\ntim\u{1B}[2J", byteSize: 16,
      members: [
        Member(name: forged, type: TypeID(1), bitOffset: 0),
        Member(name: "b\tc", type: TypeID(1), bitOffset: 64),
      ])
    t[TypeID(10)] = .aggregate(a)
    return LayoutDocument(
      file: "x.o", debugFile: nil, machine: "x86_64", cachelineSize: 64, typeSource: .dwarf,
      layouts: [StructLayout(a, table: t)], table: t)
  }

  @Test func textHasNoForgedLineAndNoControlBytes() throws {
    let text = try Self.document().render(as: .text).string
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(
      !lines.contains { $0.hasPrefix("::error") || $0.hasPrefix("## ") || $0.hasPrefix("```") })
    #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" })
    #expect(text.contains("a\\n::error file=a.c,line=1::forged\\n## ✅ SAFE\\n```\\n\\x1b[31mred"))
    #expect(text.contains("struct vic\\ntim\\x1b[2J {"))
    // Tabs stay: the listing indents with them (a tab in a name cannot forge a line).
    #expect(text.contains("\tlong") && text.contains("b\tc;"))
  }

  @Test func markdownKeepsOneCodeBlock() throws {
    let markdown = try Self.document().render(as: .markdown).string
    let fences = markdown.split(separator: "\n").filter { $0.hasPrefix("```") }
    // One block: opened with a fence longer than the name's three backticks, closed by
    // the same fence; nothing inside starts a line with a heading or a command.
    #expect(fences.count == 2 && fences[0].hasPrefix("````") && fences[1] == "````")
    #expect(
      !markdown.split(separator: "\n").contains { $0.hasPrefix("::error") || $0.hasPrefix("## ✅") })
    #expect(!markdown.unicodeScalars.contains { $0 == "\u{1B}" })
  }
}

/// The listing tests its lines for control bytes eight bytes at a time: a control byte
/// is found wherever it falls in a line of any length, across the words' edges and in
/// a line's last bytes, and nothing else is taken for one (tabs, DEL's neighbours,
/// text that is not ASCII, a C1 control split over two words).
struct ControlByteScanTests {
  /// The listing of a struct with one member named `name`, of a type named `type`.
  static func listing(member name: String, type: String = "long") throws -> String {
    var t = TypeTable(abi: TargetABI(machine: "x86_64", pointerSize: 8))
    t[TypeID(1)] = .base(name: type, byteSize: 8, encoding: .signed)
    let a = AggregateType(
      kind: .structure, name: "s", byteSize: 8,
      members: [Member(name: name, type: TypeID(1), bitOffset: 0)])
    t[TypeID(2)] = .aggregate(a)
    let document = LayoutDocument(
      file: "x.o", debugFile: nil, machine: "x86_64", cachelineSize: 64, typeSource: .dwarf,
      layouts: [StructLayout(a, table: t)], table: t)
    return try document.render(as: .text).string
  }

  @Test(arguments: ["\u{1}", "\u{1F}", "\u{7F}", "\u{85}", "\u{9F}"])
  func aControlByteIsFoundAtEveryPlace(control: String) throws {
    for length in 1...40 {
      for at in 0..<length {
        var name = String(repeating: "x", count: length)
        name.replaceSubrange(
          name.index(name.startIndex, offsetBy: at)...name.index(name.startIndex, offsetBy: at),
          with: control)
        // In a member's name, and in its type's, which the listing keeps once per
        // type and tests when it keeps it.
        for text in [try Self.listing(member: name), try Self.listing(member: "m", type: name)] {
          #expect(
            !text.unicodeScalars.contains { $0 == control.unicodeScalars.first! },
            "length \(length), at \(at)")
        }
      }
    }
  }

  @Test func whatIsNotAControlByteIsLeftAsItIs() throws {
    for name in ["a\tb", "a~b", "\u{A0}x", "é" + String(repeating: "ü", count: 9), "x\u{A0}\u{80}"]
    where !name.unicodeScalars.contains(where: { (0x80...0x9F).contains($0.value) }) {
      #expect(try Self.listing(member: name).contains(name + ";"), "\(name.debugDescription)")
    }
    // U+00A0 is 0xC2 0xA0: the same first byte as a C1 control, not one.
    for pad in 0..<9 {
      let name = String(repeating: "y", count: pad) + "\u{A0}z"
      #expect(try Self.listing(member: name).contains(name + ";"), "pad \(pad)")
    }
  }
}
