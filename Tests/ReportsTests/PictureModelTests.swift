import Foundation
import LayoutModel
import ReportSchema
import Reports
import Testing

/// Layout pictures from hand-built layouts: names from files are escaped, absurd sizes
/// give a bounded picture, a member across a cacheline is split.
struct PictureModelTests {
  static func table(
    _ members: [Member], size: UInt64, name: String = "t"
  ) -> (TypeTable, AggregateType) {
    var t = TypeTable(abi: TargetABI(machine: "x86_64", pointerSize: 8))
    t[TypeID(1)] = .base(name: "long", byteSize: 8, encoding: .signed)
    t[TypeID(2)] = .base(name: "char", byteSize: 1, encoding: .signed)
    t[TypeID(3)] = .array(element: TypeID(2), counts: [40])
    let a = AggregateType(kind: .structure, name: name, byteSize: size, members: members)
    t[TypeID(10)] = .aggregate(a)
    return (t, a)
  }

  @Test func namesFromFilesAreEscaped() throws {
    let hostile = "<script>alert(\"x\")</script>&\u{1}'"
    let (t, a) = Self.table(
      [Member(name: hostile, type: TypeID(1), bitOffset: 0)], size: 8, name: hostile)
    let picture = LayoutPicture(StructLayout(a, table: t), table: t)
    let svg = LayoutSVG(cachelineSize: 64).render([picture], title: hostile)
    #expect(!svg.contains("<script>") && !svg.contains("\u{1}"))
    #expect(svg.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;\\x01&#39;"))
    var page = HTMLPage(title: hostile)
    page.paragraph(hostile)
    page.layouts([picture], cachelineSize: 64, title: hostile)
    #expect(!page.html.contains("<script>alert"))
  }

  @Test func absurdSizesGiveABoundedPicture() {
    let huge = UInt64.max - 7
    let (t, a) = Self.table(
      [
        Member(name: "a", type: TypeID(1), bitOffset: 0),
        Member(name: "far", type: TypeID(1), bitOffset: (huge - 64) &* 8),
      ], size: huge)
    let picture = LayoutPicture(StructLayout(a, table: t), table: t)
    let svg = LayoutSVG(cachelineSize: 64).render([picture], title: "huge")
    #expect(svg.utf8.count < 4 << 20)
    #expect(svg.contains("(the first \(LayoutSVG.maxRows) drawn)"))
  }

  /// A 40-byte array at 40 crosses the 64-byte boundary: two rects, 24 and 16 bytes
  /// wide at 12 pixels a byte, the first ending and the second starting at a cut.
  @Test func aMemberAcrossACachelineIsSplit() {
    let (t, a) = Self.table(
      [
        Member(name: "head", type: TypeID(1), bitOffset: 0),
        Member(name: "buf", type: TypeID(3), bitOffset: 40 * 8),
      ], size: 80)
    let svg = LayoutSVG(cachelineSize: 64).render(
      [LayoutPicture(StructLayout(a, table: t), table: t)], title: "split")
    let member = svg.components(separatedBy: "data-name=\"buf\"")[1].components(
      separatedBy: "</g>")[0]
    #expect(member.contains("class=\"piece cut-end\" x=\"556\" y=\"50\" width=\"288\""))
    #expect(member.contains("class=\"piece cut-start\" x=\"76\" y=\"102\" width=\"192\""))
    #expect(member.contains("class=\"cut\""))
    #expect(member.contains(">… buf</text>"))
  }

  /// A page-aligned member's 4 KB hole is one band saying what is left out, not 63
  /// hatched rows (issue 30: a 463 KB audit page); short holes are drawn as they are.
  @Test func longHolesAreCollapsed() {
    let (t, a) = Self.table(
      [
        Member(name: "head", type: TypeID(1), bitOffset: 0),
        Member(name: "page", type: TypeID(3), bitOffset: 4096 * 8),
      ], size: 4160)
    let svg = LayoutSVG(cachelineSize: 64).render(
      [LayoutPicture(StructLayout(a, table: t), table: t)], title: "page")
    #expect(svg.contains("4032 more bytes of this hole (63 cachelines, 64 to 4096) not drawn"))
    // Rows 0 and 64 (the hole's start and the page), and the band.
    #expect(svg.components(separatedBy: "class=\"row\"").count - 1 == 3)
    #expect(svg.utf8.count < 12_000)
    let short = Self.table(
      [
        Member(name: "head", type: TypeID(1), bitOffset: 0),
        Member(name: "page", type: TypeID(3), bitOffset: 192 * 8),
      ], size: 232)
    let drawn = LayoutSVG(cachelineSize: 64).render(
      [LayoutPicture(StructLayout(short.1, table: short.0), table: short.0)], title: "short")
    #expect(!drawn.contains("not drawn"))
  }
}
