import ReportSchema

/// `verify`'s document: text, JSON, Markdown, GitHub annotations and HTML.
extension VerifyDocument: Renderable {
  public static let formats: [OutputFormat] = [.text, .json, .markdown, .github, .html]

  public func render(
    as format: OutputFormat, options: RenderOptions
  ) throws(ReportEncodingError) -> RenderedText {
    switch format {
    case .json: try .json(self)
    case .markdown: RenderedText(VerifyRenderer(markdown: true).render(self))
    case .github: RenderedText(VerifyRenderer.github(self))
    case .html: RenderedText(HTMLReport.verify(self))
    default: RenderedText(VerifyRenderer(markdown: false).render(self))
    }
  }
}
