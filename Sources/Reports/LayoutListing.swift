import LayoutLoader
import LayoutModel

/// The text of `layout`'s answers other than full layouts, in pahole 1.24's words:
/// enums as `pahole -C ENUM` prints them, `--sizes` lines, `--contains` names and
/// `--find_pointers_to` lines.
public enum LayoutListingText {
  /// `enum NAME {`, one `NAME = VALUE,` line per constant with the names padded to
  /// the longest, `};` (`} __attribute__((__packed__));` for an enum narrower than
  /// an int, as `__packed__` or `-fshort-enums` make it).
  public static func render(_ e: Enumeration) -> String {
    let width = e.enumerators.map(\.name.count).max() ?? 0
    var text = "enum \(e.name) {\n"
    for c in e.enumerators {
      text += "\t" + c.name + String(repeating: " ", count: width - c.name.count) + " = \(c.value),\n"
    }
    let packed = (e.byteSize ?? 4) < 4
    return text + (packed ? "} __attribute__((__packed__));\n" : "};\n")
  }

  /// Everything `layout` shows for `items`, in order.
  public static func render(_ items: [LayoutItem], renderer: LayoutTextRenderer) -> String {
    items.map { item in
      switch item {
      case .aggregate(let l): return renderer.render(l)
      case .enumeration(let e): return render(e)
      }
    }.joined()
  }

  /// `--sizes`: `name<TAB>size<TAB>holes` per struct or union (enums: holes 0).
  public static func sizes(_ document: LayoutSizesDocument) -> String {
    document.sizes.map { "\($0.name)\t\($0.size)\t\($0.holes)\n" }.joined()
  }

  /// `--contains`: one name per line.
  public static func containers(_ document: LayoutQueryDocument) -> String {
    (document.containers ?? []).map { $0.name + "\n" }.joined()
  }

  /// `--find-pointers-to`: `type: member` per line.
  public static func pointers(_ document: LayoutQueryDocument) -> String {
    (document.pointers ?? []).map { "\($0.type): \($0.member)\n" }.joined()
  }
}

/// `layout --sizes --format json`.
public struct LayoutSizesDocument: Codable, Sendable, Equatable {
  public var schemaVersion = 1
  public var file: String
  public var machine: String
  public var sizes: [Entry]

  public struct Entry: Codable, Sendable, Equatable {
    public var name: String
    public var kind: String
    public var size: UInt64
    public var holes: Int
  }

  public init(file: String, result: LayoutResult) {
    self.file = file
    self.machine = result.machine
    self.sizes = result.items.map { item in
      switch item {
      case .aggregate(let l): return Entry(name: l.name ?? "", kind: l.kind.rawValue, size: l.size, holes: l.holeCount)
      case .enumeration(let e): return Entry(name: e.name, kind: "enum", size: e.byteSize ?? 0, holes: 0)
      }
    }
  }
}

/// `layout --contains` and `--find-pointers-to` in JSON: the question and the answers.
public struct LayoutQueryDocument: Codable, Sendable, Equatable {
  public var schemaVersion = 1
  public var file: String
  public var machine: String
  /// The type asked about, as given.
  public var target: String
  public var containers: [Container]?
  public var pointers: [Pointer]?

  public struct Container: Codable, Sendable, Equatable {
    public var name: String
    public var kind: String
  }

  public struct Pointer: Codable, Sendable, Equatable {
    public var type: String
    public var kind: String
    public var member: String
  }

  public init(file: String, machine: String, target: String, containers: [NamedType]) {
    self.file = file
    self.machine = machine
    self.target = target
    self.containers = containers.map { Container(name: $0.name, kind: $0.kind.rawValue) }
  }

  public init(file: String, machine: String, target: String, pointers: [PointerMember]) {
    self.file = file
    self.machine = machine
    self.target = target
    self.pointers = pointers.map { Pointer(type: $0.container.name, kind: $0.container.kind.rawValue, member: $0.member) }
  }
}
