import ReportSchema
import Reports
import Testing

/// `scan`'s text: colour only when chosen (NO_COLOR honoured by `auto`), rows coloured
/// whole so the columns stay aligned, relative paths grouped by directory.
struct ScanTextTests {
  @Test func autoColourFollowsTheTerminalAndNoColor() {
    #expect(ColorChoice.auto.enabled(isTerminal: true, environment: [:]))
    #expect(!ColorChoice.auto.enabled(isTerminal: true, environment: ["NO_COLOR": "1"]))
    #expect(ColorChoice.auto.enabled(isTerminal: true, environment: ["NO_COLOR": ""]))
    #expect(!ColorChoice.auto.enabled(isTerminal: false, environment: [:]))
    #expect(ColorChoice.always.enabled(isTerminal: false, environment: ["NO_COLOR": "1"]))
    #expect(!ColorChoice.never.enabled(isTerminal: true, environment: [:]))
  }

  static let document: ScanDocument = {
    var lp = ScanDocument.Module(path: "a/lp.ko", directory: "/t1")
    lp.livepatch = true
    lp.objects = 1
    lp.funcs = 2
    lp.staticBytes = 840
    var bad = ScanDocument.Module(path: "bad.ko", directory: "/t2")
    bad.error = "bad.ko: not ELF"
    return ScanDocument(
      modules: [lp, bad],
      totals: .init(
        scanned: 3, modules: 2, livepatchModules: 1, objects: 1, funcs: 2, staticBytes: 840,
        errors: 1, unreadable: 0))
  }()

  @Test func colouredRowsKeepTheirAlignment() throws {
    let plain = try Self.document.render(as: .text).string
    let colored = try Self.document.render(as: .text, options: RenderOptions(color: true)).string
    let stripped = colored.replacingOccurrences(of: "\u{1B}[32m", with: "").replacingOccurrences(
      of: "\u{1B}[31m", with: ""
    )
    .replacingOccurrences(of: "\u{1B}[1m", with: "").replacingOccurrences(of: "\u{1B}[0m", with: "")
    #expect(stripped == plain)
    #expect(colored.contains("\u{1B}[32m/t1/a/lp.ko"))
    #expect(colored.contains("\u{1B}[31m/t2/bad.ko"))
    #expect(plain.contains("2 of 3 modules, 1 livepatch"))
    let markdown = try Self.document.render(as: .markdown, options: RenderOptions(color: true))
    #expect(!markdown.string.contains("\u{1B}"))
  }
}
