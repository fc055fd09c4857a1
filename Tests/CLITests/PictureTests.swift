import Foundation
import TestSupport
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// `layout --format svg` and every `--format html` page: golden files, the SVG read back
/// against the layout's JSON, and each page opened in headless Chromium.
struct PictureTests {
  struct Case: CustomStringConvertible, Sendable {
    var subcommand: String
    var name: String
    var arguments: [String]
    /// Strings the page's DOM must hold once the browser has loaded it.
    var expected: [String] = []
    var description: String { "\(subcommand)/\(name)" }
  }

  static let sample = "Fixtures/modules/6.1/dwarf5/livepatch-sample.ko"
  static let obj = "Fixtures/obj/x86_64/dwarf5/"

  static let svgCases: [Case] = [
    Case(
      subcommand: "layout", name: "klp_func.svg",
      arguments: ["layout", sample, "-t", "klp_func", "--format", "svg"]),
    Case(
      subcommand: "layout", name: "holes.svg",
      arguments: ["layout", obj + "holes.o", "--format", "svg"]),
    Case(
      subcommand: "layout", name: "bitfields.svg",
      arguments: ["layout", obj + "bitfields.o", "--format", "svg"]),
    Case(
      subcommand: "layout", name: "unions.svg",
      arguments: ["layout", obj + "unions.o", "--format", "svg"]),
    Case(
      subcommand: "layout", name: "anonymous.svg",
      arguments: ["layout", obj + "anonymous.o", "--format", "svg"]),
    Case(
      subcommand: "layout", name: "packed_aligned.svg",
      arguments: ["layout", obj + "packed_aligned.o", "--format", "svg"]),
    Case(
      subcommand: "layout", name: "klp_object-expand.svg",
      arguments: ["layout", sample, "-t", "klp_object", "--expand", "--format", "svg"]),
  ]

  /// The baseline `check` reads, written by the test at a fixed path so the page is
  /// the same on every machine.
  static let baselinePath = "/tmp/klp-layout-picture-tests/member_added.baseline.json"

  static let htmlCases: [Case] = [
    Case(
      subcommand: "safety", name: "member_added.html",
      arguments: [
        "safety", "Fixtures/safety/x86_64/dwarf5/orig/member_added.o",
        "Fixtures/safety/x86_64/dwarf5/patched/member_added.o",
        "--format", "html",
      ],
      expected: ["Unsafe: 1 change", "struct conn", "Remedy:", "cookie", "void * at 16 (8 bytes)"]),
    Case(
      subcommand: "layout", name: "bitfields.html",
      arguments: ["layout", obj + "bitfields.o", "--format", "html"],
      expected: [
        "class=\"member m", "data-bit-size=", "Layouts in Fixtures/obj/x86_64/dwarf5/bitfields.o",
      ]),
    Case(
      subcommand: "inspect", name: "livepatch-sample.html",
      arguments: ["inspect", sample, "--format", "html"],
      expected: [
        "cmdline_proc_show", "livepatch_cmdline_proc_show", "data-name=\"kobj\"",
        "member m0 highlight", "840 static klp bytes",
        "data-name=\"klp_func\"", "data-name=\"klp_object\"", "data-name=\"klp_patch\"",
      ]),
    Case(
      subcommand: "whatif", name: "klp_multi-replaces.html",
      arguments: [
        "whatif", obj + "klp_multi.o", "--replaces", "Fixtures/replace/x86_64/klp_old_a.o",
        "Fixtures/replace/x86_64/klp_old_b.o",
        "--format", "html",
      ],
      expected: [
        "design kernel", "data-design=\"A-embedded\"", "data-transient=\"2112\"", "this kernel",
        "Edited layouts", "btrfs_sync_file",
      ]),
    Case(
      subcommand: "diff", name: "member_reordered.html",
      arguments: [
        "diff", "Fixtures/diff/x86_64/member_reordered.v1.o",
        "Fixtures/diff/x86_64/member_reordered.v2.o", "--format", "html",
      ],
      expected: [
        "add/remove: 0/0 grow/shrink: 0/1", "member m1 moved", "data-link=\"d0n-t0-m",
        "href=\"#d0o-t0-m",
      ]),
    Case(
      subcommand: "diff", name: "member_added.html",
      arguments: [
        "diff", "Fixtures/diff/x86_64/member_added.v1.o", "Fixtures/diff/x86_64/member_added.v2.o",
        "--format", "html",
      ],
      expected: ["added", "data-name=\"cookie\""]),
    Case(
      subcommand: "check", name: "member_added.html",
      arguments: [
        "check", "Fixtures/diff/x86_64/member_added.v2.o", "--baseline", baselinePath, "--format",
        "html",
      ],
      expected: ["FAIL", "1 violation", "data-name=\"cookie\"", "added"]),
    Case(
      subcommand: "audit", name: "holes.html",
      arguments: ["audit", obj + "holes.o", "--format", "html"],
      expected: ["struct hole_cacheline", "proposed: 120 bytes", "class=\"hole\"", "aria-sort"]),
    Case(
      subcommand: "audit", name: "moves.html",
      arguments: ["audit", "Fixtures/parity/x86_64/audit_moves.o", "--format", "html"],
      expected: ["move exit_state (4 bytes, at 208)", "Forced by alignment", "am_forced"]),
    // A 4 KB hole and 4 KB of padding drawn as a band each, not 126 hatched rows.
    Case(
      subcommand: "audit", name: "page-hole-full-reorder.html",
      arguments: [
        "audit", "Fixtures/parity/x86_64/audit_moves.o", "-t", "am_page_hole", "--full-reorder",
        "--format", "html",
      ],
      expected: ["4032 more bytes of this hole", "3968 more bytes of this padding"]),
    Case(
      subcommand: "live", name: "replace-in-transition.html",
      arguments: ["live", "--root", "Fixtures/live/replace-in-transition", "--format", "html"],
      expected: [
        "test_klp_atomic_replace", "no-op", "in transition", "livepatch_shadow_fix2",
        "table class=\"sortable\"",
      ]),
    Case(
      subcommand: "scan", name: "modules-6.1-dwarf5.html",
      arguments: ["scan", "Fixtures/modules/6.1/dwarf5", "--jobs", "2", "--format", "html"],
      expected: [
        "livepatch-sample.ko", "test_klp_state3.ko", "table class=\"sortable\"", "aria-sort",
      ]),
  ]

  static func output(_ c: Case) throws -> String {
    if c.subcommand == "check" {
      try FileManager.default.createDirectory(
        atPath: (baselinePath as NSString).deletingLastPathComponent,
        withIntermediateDirectories: true)
      let b = try GoldenFile.run([
        "baseline", "Fixtures/diff/x86_64/member_added.v1.o", "-o", baselinePath,
      ])
      #expect(b.status == 0, "\(b.stderr)")
    }
    let result = try GoldenFile.run(c.arguments)
    #expect(
      result.status == (["check", "safety"].contains(c.subcommand) ? 1 : 0),
      "\(c): \(result.stderr)")
    return result.stdout
  }

  @Test(arguments: svgCases)
  func svgGolden(_ c: Case) throws {
    let svg = try Self.output(c)
    if let problem = GoldenFile.compare(svg, subcommand: c.subcommand, name: c.name) {
      Issue.record(Comment(rawValue: problem))
    }
    if c.name == "klp_func.svg" {
      // The README's picture is this one: keep it current.
      let readme = try String(
        contentsOf: Fixtures.packageRoot.appendingPathComponent("docs/klp_func.svg"),
        encoding: .utf8)
      #expect(
        readme == svg, "docs/klp_func.svg is stale: cp Fixtures/expected/layout/klp_func.svg docs/")
    }
  }

  /// Every member, hole and padding of the JSON is in the SVG with the same offset and
  /// size, drawn at the picture's one scale, split at each cacheline boundary.
  @Test(arguments: svgCases.filter { !$0.arguments.contains("--expand") })
  func svgAgreesWithTheLayout(_ c: Case) throws {
    let svg = try Self.output(c)
    let jsonArguments = c.arguments.dropLast(2) + ["--format", "json"]
    let json = try GoldenFile.run(Array(jsonArguments))
    let document = try #require(
      try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    let types = try #require(document["types"] as? [[String: Any]])
    let picture = try SVGReader.read(svg)
    #expect(picture.types.count == types.count)
    var checked = 0
    for (type, drawn) in zip(types, picture.types) {
      #expect(
        drawn.name == type["name"] as? String
          && drawn.size == (type["size"] as? NSNumber)?.uint64Value)
      var expected: [String] = []
      for m in type["members"] as? [[String: Any]] ?? [] {
        expected.append(
          SVGReader.key(
            "member", m["name"] as? String ?? "", (m["offset"] as? NSNumber)?.uint64Value ?? 0,
            (m["size"] as? NSNumber)?.uint64Value,
            (m["bitOffset"] as? NSNumber)?.uint64Value, (m["bitSize"] as? NSNumber)?.uint64Value))
      }
      for h in type["holes"] as? [[String: Any]] ?? [] {
        expected.append(
          SVGReader.key(
            "hole", "", (h["offset"] as? NSNumber)?.uint64Value ?? 0,
            (h["size"] as? NSNumber)?.uint64Value, nil, nil))
      }
      let size = (type["size"] as? NSNumber)?.uint64Value ?? 0
      let padding = (type["paddingBytes"] as? NSNumber)?.uint64Value ?? 0
      if padding > 0 {
        expected.append(SVGReader.key("padding", "", size - padding, padding, nil, nil))
      }
      #expect(drawn.elements.map(\.key).sorted() == expected.sorted(), "\(c): \(drawn.name)")
      for element in drawn.elements {
        let problem = element.geometryProblem(
          scale: picture.scale, originX: picture.originX, rowBytes: picture.rowBytes)
        #expect(problem == nil, "\(c): \(drawn.name).\(element.key): \(problem ?? "")")
        checked += 1
      }
    }
    #expect(checked > 0)
  }

  /// Each page matches its golden file and holds nothing that could fetch.
  @Test(arguments: htmlCases)
  func htmlPages(_ c: Case) throws {
    let html = try Self.output(c)
    if let problem = GoldenFile.compare(html, subcommand: c.subcommand, name: c.name) {
      Issue.record(Comment(rawValue: problem))
    }
    // Self-contained: nothing in the page can point outside it.
    for pattern in ["http:", "https:", "src=", "@import", "url(http", "//cdn", "<link"] {
      #expect(!html.contains(pattern), "\(c): the page holds \(pattern)")
    }
  }

  /// Each page, opened in Chromium, shows what it should, is not blank and fetches
  /// nothing.
  @Test(
    .enabled(if: Host.hasBrowser, "chromium is not installed (scripts/install-deps installs it)"),
    .timeLimit(.minutes(3)), arguments: htmlCases)
  func htmlInTheBrowser(_ c: Case) throws {
    let html = try Self.output(c)
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "klp-pictures-\(getpid())-\(c.subcommand)-\(c.name)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let page = dir.appendingPathComponent("page.html")
    try html.write(to: page, atomically: true, encoding: .utf8)
    let visit = try HeadlessBrowser.visit(page)
    #expect(
      visit.dom.contains("</html>"), "\(c): no DOM from chromium: \(visit.stderr.suffix(500))")
    for text in c.expected { #expect(visit.dom.contains(text), "\(c): the DOM lacks \(text)") }
    #expect(visit.requests.isEmpty, "\(c): the page made requests: \(visit.requests)")
    #expect(
      try HeadlessBrowser.colours(inPNG: visit.screenshot) > 8,
      "\(c): the screenshot is (nearly) blank")
  }

  /// The browser check can fail: a page that fetches an image is caught.
  @Test(
    .enabled(if: Host.hasBrowser, "chromium is not installed (scripts/install-deps installs it)"),
    .timeLimit(.minutes(2)))
  func browserSeesARequest() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "klp-pictures-\(getpid())-control")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let page = dir.appendingPathComponent("page.html")
    try "<!DOCTYPE html><html><body><img src=\"http://picture-test.invalid/x.png\">x</body></html>"
      .write(
        to: page, atomically: true, encoding: .utf8)
    let visit = try HeadlessBrowser.visit(page, width: 200, height: 100)
    #expect(visit.requests.contains("http://picture-test.invalid/x.png"), "\(visit.requests)")
  }
}

/// Reads a layout SVG back: per type, the members, holes and padding with their
/// `data-` attributes and the rects drawn for them.
final class SVGReader: NSObject, XMLParserDelegate {
  struct Element {
    var kind: String
    var name: String
    var offset: UInt64
    var size: UInt64?
    var bitOffset: UInt64?
    var bitSize: UInt64?
    var rects: [(x: Double, width: Double)] = []
    var key: String { SVGReader.key(kind, name, offset, size, bitOffset, bitSize) }

    /// Whether the rects are the pieces of the element's bytes (bits) in each row.
    func geometryProblem(scale: Double, originX: Double, rowBytes: Double) -> String? {
      var start = Double(offset)
      var end = Double(offset + (size ?? 0))
      if let bitOffset, let bitSize {
        start = Double(bitOffset) / 8
        end = Double(bitOffset + bitSize) / 8
      }
      var expected: [(Double, Double)] = []
      if end <= start {
        expected = [(start.truncatingRemainder(dividingBy: rowBytes), 0)]
      } else {
        var s = start
        while s < end {
          let rowEnd = (s / rowBytes).rounded(.down) * rowBytes + rowBytes
          let e = min(end, rowEnd)
          expected.append((s - (rowEnd - rowBytes), e - s))
          s = e
        }
      }
      guard expected.count == rects.count else {
        return "\(rects.count) rects, expected \(expected.count)"
      }
      for (r, (into, bytes)) in zip(rects, expected) {
        if abs(r.x - (originX + into * scale)) > 0.002 || abs(r.width - bytes * scale) > 0.002 {
          return
            "rect x=\(r.x) width=\(r.width), expected x=\(originX + into * scale) width=\(bytes * scale)"
        }
      }
      return nil
    }
  }

  struct DrawnType {
    var name: String
    var size: UInt64
    var elements: [Element] = []
  }

  var types: [DrawnType] = []
  var scale = 0.0
  var originX = 0.0
  var rowBytes = 64.0
  private var stack: [Int?] = []  // per open <g>: the index of its element, if any
  private var open: [Element] = []
  private var openIndex: [Int] = []

  static func key(
    _ kind: String, _ name: String, _ offset: UInt64, _ size: UInt64?, _ bitOffset: UInt64?,
    _ bitSize: UInt64?
  ) -> String {
    "\(kind) \(name.hasPrefix("(anonymous") ? "" : name) @\(offset) size \(size.map(String.init) ?? "?") bits \(bitOffset.map(String.init) ?? "-"):\(bitSize.map(String.init) ?? "-")"
  }

  static func read(_ svg: String) throws -> SVGReader {
    let reader = SVGReader()
    let parser = XMLParser(data: Data(svg.utf8))
    parser.delegate = reader
    guard parser.parse() else {
      throw HeadlessBrowser.BrowserError(
        message: "not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "")")
    }
    return reader
  }

  func parser(
    _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
    qualifiedName: String?, attributes: [String: String] = [:]
  ) {
    let classes = Set((attributes["class"] ?? "").split(separator: " ").map(String.init))
    switch name {
    case "svg":
      scale = Double(attributes["data-scale"] ?? "") ?? 0
      originX = Double(attributes["data-origin-x"] ?? "") ?? 0
      rowBytes = Double(attributes["data-row-bytes"] ?? "") ?? 64
    case "g":
      if classes.contains("type") {
        types.append(
          DrawnType(
            name: attributes["data-name"] ?? "", size: UInt64(attributes["data-size"] ?? "") ?? 0))
        stack.append(nil)
      } else if let kind = ["member", "hole", "padding"].first(where: classes.contains),
        !types.isEmpty
      {
        types[types.count - 1].elements.append(
          Element(
            kind: kind, name: attributes["data-name"] ?? "",
            offset: UInt64(attributes["data-offset"] ?? "") ?? 0,
            size: attributes["data-size"].flatMap { UInt64($0) },
            bitOffset: attributes["data-bit-offset"].flatMap { UInt64($0) },
            bitSize: attributes["data-bit-size"].flatMap { UInt64($0) }))
        stack.append(types[types.count - 1].elements.count - 1)
      } else {
        stack.append(nil)
      }
    case "rect" where classes.contains("piece"):
      if let index = stack.last ?? nil, !types.isEmpty {
        types[types.count - 1].elements[index].rects.append(
          (Double(attributes["x"] ?? "") ?? -1, Double(attributes["width"] ?? "") ?? -1))
      }
    default: break
    }
  }

  func parser(
    _ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?
  ) {
    if name == "g", !stack.isEmpty { stack.removeLast() }
  }
}
