import Testing

@testable import Reports

/// The markup builder: text and attribute values escaped by the one function,
/// attributes in the order written, a nil one left out, elements closed.
struct MarkupTests {
  static let hostile = "<script>alert(\"x\")</script>&'\u{1}\n\u{9B}\u{FFFE}"
  static let escaped =
    "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;\\x01\\n\\x9b\u{FFFD}"

  @Test func textAndAttributeValuesAreEscaped() {
    var out = Markup()
    out.element("p", ["class": Self.hostile, "id": nil, "title": "a b"], text: Self.hostile)
    #expect(
      out.string == "<p class=\"\(Self.escaped)\" title=\"a b\">\(Self.escaped)</p>")
  }

  @Test func elementsNestAndCloseInOrder() {
    var out = Markup()
    out.line {
      $0.element("g", ["class": "type"]) {
        $0.empty("rect", ["x": "1", "y": "2"])
        $0.text("1 < 2")
      }
    }
    out.line { $0.open("meta", ["charset": "utf-8"]) }
    out.raw("<!-- a literal -->")
    #expect(
      out.string
        == "<g class=\"type\"><rect x=\"1\" y=\"2\"/>1 &lt; 2</g>\n<meta charset=\"utf-8\">\n<!-- a literal -->"
    )
  }

  /// The quick path for values that need no escaping agrees with `Escape.xml` on every
  /// ASCII byte and on the characters around the ones it must change.
  @Test func theQuickPathAgreesWithTheEscapingFunction() {
    var samples = (0..<128).map { String(UnicodeScalar(UInt8($0))) }
    samples += ["svg", "12.5", "klp_func", "→", "\u{85}", "\u{A0}", "\u{FFFF}", "a\u{7F}b"]
    for s in samples + [samples.joined()] {
      var out = ""
      Escape.appendXML(s, to: &out)
      #expect(out == Escape.xml(s), "\(s.unicodeScalars.map(\.value))")
    }
  }
}
