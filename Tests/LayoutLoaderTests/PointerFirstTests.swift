import LayoutLoader
import LayoutModel
import Reports
import TestSupport
import Testing

/// A type reached through a pointer (loaded by name only) before a member holds it by
/// value, through a typedef and through a qualifier (`Fixtures/src/parity/pointer_first.c`):
/// the member's struct is loaded in full, as when the whole file is loaded.
struct PointerFirstTests {
  static let file = Fixtures.path("parity/x86_64/pointer_first.o")

  @Test func heldByValueAfterItsPointerIsInFull() throws {
    let asked = try LayoutRequest(path: Self.file, types: ["pointer_first"]).run()
    let whole = try LayoutRequest(path: Self.file, types: []).run()
    let layout = try #require(asked.layouts.first)
    let wholeLayout = try #require(whole.layouts.first { $0.name == "pointer_first" })
    #expect(layout == wholeLayout)
    // v (through the typedef) and w (through `const`): struct inner with its members.
    for member in layout.members.suffix(2) {
      #expect(asked.table.aggregate(member.type)?.members.count == 2, "\(member.name ?? "")")
    }
    #expect(layout.alignment == 8)
    let expanded = LayoutTextRenderer(table: asked.table, options: .init(expand: true))
      .render(layout)
    #expect(expanded.components(separatedBy: "long int").count - 1 == 2, "\(expanded)")
  }
}
