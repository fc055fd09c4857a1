import ReportSchema
import System

/// The formats reports are written in. Each document declares those it is written in
/// (`Renderable.formats`), and the command line accepts exactly those.
public enum OutputFormat: String, CaseIterable, Sendable {
  case text, json, markdown, github, svg, html

  /// What the format is where its name does not say, for `--help`.
  public var gloss: String? {
    switch self {
    case .github: "workflow annotations"
    case .svg: "a picture"
    case .html: "one self-contained page"
    case .text, .json, .markdown: nil
    }
  }
}

/// What a reader chooses about a report beyond its format. Each document reads the
/// options that apply to it and no others.
public struct RenderOptions: Sendable, Equatable {
  /// Tree lines and arrows in UTF-8 or ASCII, in text (Markdown and HTML are UTF-8).
  public var style: TextStyle
  /// ANSI colours in text (`scan`).
  public var color: Bool
  /// Members of named structs and unions expanded, with absolute offsets (`layout`).
  public var expand: Bool
  /// Offsets and sizes in hexadecimal (`layout` text and Markdown).
  public var hex: Bool
  /// How many types `audit` details after its ranking.
  public var limit: Int
  /// Every no-op listed, where a long list is otherwise a count (`whatif`).
  public var listAllNops: Bool
  /// Threads writing a long report (a whole kernel's `layout` text), its parts joined in
  /// order.
  public var workers: Workers

  public init(
    style: TextStyle = .init(unicode: true), color: Bool = false, expand: Bool = false,
    hex: Bool = false, limit: Int = 20, listAllNops: Bool = false, workers: Workers = .one
  ) {
    self.style = style
    self.color = color
    self.expand = expand
    self.hex = hex
    self.limit = limit
    self.listAllNops = listAllNops
    self.workers = workers
  }
}

/// A subcommand's document, written in the formats it declares: the one way every report
/// is rendered, from the document and the options alone. JSON is the same for all
/// (`JSONOutput`, the report contract); each document writes its other formats.
public protocol Renderable: Encodable {
  /// The formats this document is written in, in the order `--help` lists them.
  static var formats: [OutputFormat] { get }

  /// The document in `format`, which is one of `formats`.
  func render(
    as format: OutputFormat, options: RenderOptions
  ) throws(ReportEncodingError) -> RenderedText
}

extension Renderable {
  /// The document in `format` with the default options.
  public func render(as format: OutputFormat) throws(ReportEncodingError) -> RenderedText {
    try render(as: format, options: RenderOptions())
  }
}

extension RenderedText {
  /// A document's JSON, written the one way the project does.
  static func json(_ document: some Encodable) throws(ReportEncodingError) -> RenderedText {
    RenderedText(try JSONOutput.encode(document))
  }
}
