import ReportSchema

// Every document a subcommand answers with: the formats it is written in, and which
// renderer writes each. A format not in `formats` is never asked for (the command line
// refuses it); the `default` branches are the text renderers.

extension InspectDocument: Renderable {
  public static let formats: [OutputFormat] = [.text, .json, .markdown, .html]

  public func render(
    as format: OutputFormat, options: RenderOptions
  ) throws(ReportEncodingError) -> RenderedText {
    switch format {
    case .json: try .json(self)
    case .html: RenderedText(HTMLReport.inspect(self))
    default:
      RenderedText(InspectRenderer(markdown: format == .markdown, options: options).render(self))
    }
  }
}

extension LayoutDocument: Renderable {
  public static let formats: [OutputFormat] = [.text, .json, .markdown, .svg, .html]

  public func render(
    as format: OutputFormat, options: RenderOptions
  ) throws(ReportEncodingError) -> RenderedText {
    let text = LayoutTextOptions(expand: options.expand, hex: options.hex, workers: options.workers)
    // Pictures draw structs and unions; enums asked for are in the text and JSON.
    switch format {
    case .json: return try .json(self)
    case .markdown: return RenderedText(LayoutTextRenderer.markdown(self, options: text))
    case .svg: return RenderedText(LayoutSVG.render(self, expand: options.expand))
    case .html: return RenderedText(HTMLReport.layout(self, expand: options.expand))
    default: return LayoutTextRenderer.text(self, options: text)
    }
  }
}

/// `layout --sizes`.
extension LayoutSizesDocument: Renderable {
  public static let formats: [OutputFormat] = [.text, .json, .markdown]

  public func render(
    as format: OutputFormat, options: RenderOptions
  ) throws(ReportEncodingError) -> RenderedText {
    switch format {
    case .json: try .json(self)
    case .markdown: RenderedText(LayoutListingMarkdown.sizes(self))
    default: RenderedText(LayoutListingText.sizes(self))
    }
  }
}

/// `layout --contains` and `--find-pointers-to`.
extension LayoutQueryDocument: Renderable {
  public static let formats: [OutputFormat] = [.text, .json, .markdown]

  public func render(
    as format: OutputFormat, options: RenderOptions
  ) throws(ReportEncodingError) -> RenderedText {
    switch format {
    case .json: try .json(self)
    case .markdown: RenderedText(LayoutListingMarkdown.query(self))
    default:
      RenderedText(
        pointers != nil ? LayoutListingText.pointers(self) : LayoutListingText.containers(self))
    }
  }
}

extension WhatIfDocument: Renderable {
  public static let formats: [OutputFormat] = [.text, .json, .markdown, .html]

  public func render(
    as format: OutputFormat, options: RenderOptions
  ) throws(ReportEncodingError) -> RenderedText {
    switch format {
    case .json: try .json(self)
    case .html: RenderedText(HTMLReport.whatIf(self))
    default:
      RenderedText(WhatIfRenderer(markdown: format == .markdown, options: options).render(self))
    }
  }
}

extension DiffDocument: Renderable {
  public static let formats: [OutputFormat] = [.text, .json, .markdown, .html]

  public func render(
    as format: OutputFormat, options: RenderOptions
  ) throws(ReportEncodingError) -> RenderedText {
    switch format {
    case .json: try .json(self)
    case .html: RenderedText(HTMLReport.diff(self))
    default:
      RenderedText(DiffRenderer(markdown: format == .markdown, options: options).render(self))
    }
  }
}

extension CheckDocument: Renderable {
  public static let formats: [OutputFormat] = [.text, .json, .markdown, .github, .html]

  public func render(
    as format: OutputFormat, options: RenderOptions
  ) throws(ReportEncodingError) -> RenderedText {
    switch format {
    case .json: try .json(self)
    case .markdown: RenderedText(CheckRenderer.markdown(self))
    case .github: RenderedText(CheckRenderer.github(self))
    case .html: RenderedText(HTMLReport.check(self))
    default: RenderedText(CheckRenderer.text(self, style: options.style))
    }
  }
}

extension AuditDocument: Renderable {
  public static let formats: [OutputFormat] = [.text, .json, .markdown, .html]

  public func render(
    as format: OutputFormat, options: RenderOptions
  ) throws(ReportEncodingError) -> RenderedText {
    switch format {
    case .json: try .json(self)
    case .html: RenderedText(HTMLReport.audit(self, limit: options.limit))
    default:
      RenderedText(AuditRenderer(markdown: format == .markdown, options: options).render(self))
    }
  }
}

extension ScanDocument: Renderable {
  public static let formats: [OutputFormat] = [.text, .json, .markdown, .html]

  public func render(
    as format: OutputFormat, options: RenderOptions
  ) throws(ReportEncodingError) -> RenderedText {
    switch format {
    case .json: try .json(self)
    case .html: RenderedText(HTMLReport.scan(self))
    default:
      RenderedText(ScanRenderer(markdown: format == .markdown, options: options).render(self))
    }
  }
}

extension SafetyDocument: Renderable {
  public static let formats: [OutputFormat] = [.text, .json, .markdown, .github, .html]

  public func render(
    as format: OutputFormat, options: RenderOptions
  ) throws(ReportEncodingError) -> RenderedText {
    switch format {
    case .json: try .json(self)
    case .markdown: RenderedText(SafetyRenderer.markdown(self))
    case .github: RenderedText(SafetyRenderer.github(self))
    case .html: RenderedText(HTMLReport.safety(self))
    default: RenderedText(SafetyRenderer.text(self))
    }
  }
}

extension LiveDocument: Renderable {
  public static let formats: [OutputFormat] = [.text, .json, .markdown, .html]

  public func render(
    as format: OutputFormat, options: RenderOptions
  ) throws(ReportEncodingError) -> RenderedText {
    switch format {
    case .json: try .json(self)
    case .html: RenderedText(HTMLReport.live(self))
    default:
      RenderedText(LiveRenderer(markdown: format == .markdown, style: options.style).render(self))
    }
  }
}
