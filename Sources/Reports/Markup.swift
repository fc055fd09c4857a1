/// HTML and SVG, written one way: elements and attributes by name, and every text and
/// attribute value escaped on the way in (`Escape.xml`, through `text` and the attribute
/// lists). Element and attribute names are literals compiled in, and so is the only
/// unescaped text (`raw`: a stylesheet, a script, a doctype): nothing read from a file can
/// become markup.
///
/// Appends to one string as it goes: a whole kernel's picture is tens of megabytes, so
/// there is no tree of nodes to build and walk first.
struct Markup: Sendable {
  /// The markup written so far.
  private(set) var string = ""

  /// Attributes in the order written; a nil value leaves its attribute out.
  typealias Attributes = KeyValuePairs<StaticString, String?>

  init() {}

  /// Text content or part of it, escaped.
  mutating func text(_ s: String) { Escape.appendXML(s, to: &string) }

  /// Unescaped markup, only ever from a literal in the program.
  mutating func raw(_ s: StaticString) { append(s) }

  mutating func newline() { string += "\n" }

  /// Markup built elsewhere with a builder of its own (a fragment, an inline picture).
  mutating func append(_ fragment: Markup) { string += fragment.string }

  /// `<name a="v"…>`, for an element closed later with `close`, or an HTML void element.
  mutating func open(_ name: StaticString, _ attributes: Attributes = [:]) {
    start(name, attributes)
    string += ">"
  }

  /// `</name>`.
  mutating func close(_ name: StaticString) {
    string += "</"
    append(name)
    string += ">"
  }

  /// `<name a="v"…/>`: an SVG element with no content.
  mutating func empty(_ name: StaticString, _ attributes: Attributes = [:]) {
    start(name, attributes)
    string += "/>"
  }

  /// `<name a="v"…>` escaped text `</name>`.
  mutating func element(_ name: StaticString, _ attributes: Attributes = [:], text s: String) {
    open(name, attributes)
    text(s)
    close(name)
  }

  /// `<name a="v"…>`, what `body` writes, `</name>`.
  mutating func element(
    _ name: StaticString, _ attributes: Attributes = [:], _ body: (inout Markup) -> Void
  ) {
    open(name, attributes)
    body(&self)
    close(name)
  }

  /// What `body` writes, then a line break: SVG is written a line per shape.
  mutating func line(_ body: (inout Markup) -> Void) {
    body(&self)
    newline()
  }

  private mutating func start(_ name: StaticString, _ attributes: Attributes) {
    string += "<"
    append(name)
    for (key, value) in attributes {
      guard let value else { continue }
      string += " "
      append(key)
      string += "=\""
      Escape.appendXML(value, to: &string)
      string += "\""
    }
  }

  private mutating func append(_ s: StaticString) {
    s.withUTF8Buffer { string += String(decoding: $0, as: UTF8.self) }
  }
}

extension Escape {
  /// `xml(s)` appended to `out`; most values (numbers, ids, C names) need no escaping and
  /// are appended as they are.
  static func appendXML(_ s: String, to out: inout String) {
    if s.utf8.allSatisfy(isPlainXML) { out += s } else { out += xml(s) }
  }

  /// Printable ASCII that XML takes literally in text and in a double-quoted value.
  private static func isPlainXML(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""),
      UInt8(ascii: "'"):
      return false
    default: return byte >= 0x20 && byte < 0x7F
    }
  }
}
