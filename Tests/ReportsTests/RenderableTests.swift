import Foundation
import Frontend
import ReportSchema
import Reports
import TestSupport
import System
import Testing

/// The one rendering path: every document a subcommand answers with renders in every
/// format it declares, JSON through the one encoder, and the options reach the
/// renderers that read them.
struct RenderableTests {
  static let sample = "modules/6.1/dwarf5/livepatch-sample.ko"
  static let holes = "obj/x86_64/dwarf5/holes.o"

  static func open(_ relative: String) throws -> ResolvedInput {
    try ResolvedInput.open(Fixtures.path(relative), options: .init())
  }

  /// One document of each type, from the fixtures.
  static func documents() throws -> [(String, any Renderable)] {
    let sample = try open(Self.sample)
    let query = LayoutUseCase.Query(types: [], cachelineSize: 64)
    return [
      ("inspect", try InspectUseCase.run([sample], typesFrom: nil)),
      ("layout", try LayoutUseCase.run(try open(holes), query: query, typesFrom: nil)),
      ("layout --sizes", try LayoutUseCase.sizes(sample, query: query, typesFrom: nil)),
      ("layout --contains", try LayoutUseCase.containers(of: "list_head", sample, query: query)),
      ("layout --find-pointers-to", try LayoutUseCase.pointers(to: "module", sample, query: query)),
      (
        "whatif",
        try WhatIfUseCase.run(
          sample, demand: .counts(nops: 3, dynamicObjects: 1),
          edits: .init(add: [], remove: [], wrap: []), typesFrom: nil)
      ),
      (
        "diff",
        try DiffUseCase.run(
          try open("diff/x86_64/member_added.v1.o"), try open("diff/x86_64/member_added.v2.o"),
          types: [])
      ),
      (
        "check",
        try CheckUseCase.run(
          try open("diff/x86_64/member_added.v2.o"),
          baselinePath: Fixtures.path("expected/baseline/member_added.json"), gate: SizeGate())
      ),
      ("audit", try AuditUseCase.run(try open(holes), types: [])),
      (
        "scan",
        try ScanUseCase(directories: [Fixtures.path("modules/6.1/dwarf5")], workers: Workers(2))
          .run()
      ),
      (
        "safety",
        try SafetyUseCase(
          old: Fixtures.path("diff/x86_64/member_added.v1.o"),
          new: Fixtures.path("diff/x86_64/member_added.v2.o"), workers: .one
        ).run()
      ),
    ]
  }

  @Test func everyDocumentRendersInEveryFormatItDeclares() throws {
    for (name, document) in try Self.documents() {
      let formats = type(of: document).formats
      #expect(formats.first == .text && formats.contains(.json), "\(name): \(formats)")
      for format in formats {
        let text = try document.render(as: format).string
        #expect(Self.looksLike(format, text), "\(name) as \(format): \(text.prefix(200))")
      }
      #expect(try document.render(as: .json).string == (try JSONOutput.encode(document)), "\(name)")
    }
  }

  /// The marks of each format: enough to tell that the right renderer wrote it.
  static func looksLike(_ format: OutputFormat, _ text: String) -> Bool {
    guard !text.isEmpty, text.hasSuffix("\n") else { return false }
    switch format {
    case .json: return text.hasPrefix("{\n") && text.contains("\"schemaVersion\" : 2")
    case .markdown: return text.hasPrefix("#")
    case .github: return text.split(separator: "\n").allSatisfy { $0.hasPrefix("::") }
    case .svg: return text.hasPrefix("<?xml") && text.hasSuffix("</svg>\n")
    case .html: return text.hasPrefix("<!DOCTYPE html>\n") && text.hasSuffix("</html>\n")
    case .text: return !text.hasPrefix("<") && !text.hasPrefix("{") && !text.hasPrefix("#")
    }
  }

  @Test func theOptionsReachTheRenderersThatReadThem() throws {
    let layout = try LayoutUseCase.run(
      try Self.open(Self.sample), types: ["klp_object"], cachelineSize: 64, typesFrom: nil)
    let plain = try layout.render(as: .text).string
    #expect(try layout.render(as: .text, options: RenderOptions(hex: true)).string != plain)
    #expect(try layout.render(as: .text, options: RenderOptions(expand: true)).string != plain)
    let expanded = try layout.render(as: .svg, options: RenderOptions(expand: true)).string
    #expect(try expanded != layout.render(as: .svg).string)
    let audit = try AuditUseCase.run(try Self.open(Self.holes), types: [])
    let detailed = try audit.render(as: .text).string
    let ranked = try audit.render(as: .text, options: RenderOptions(limit: 0)).string
    #expect(ranked.count < detailed.count && detailed.hasPrefix(ranked.dropLast()))
    let diff = try DiffUseCase.run(
      try Self.open("diff/x86_64/member_added.v1.o"),
      try Self.open("diff/x86_64/member_added.v2.o"), types: [])
    let ascii = try diff.render(as: .text, options: RenderOptions(style: .init(unicode: false)))
    let unicode = try diff.render(as: .text).string
    #expect(ascii.string.utf8.allSatisfy { $0 < 0x80 } && unicode.contains("→"))
  }
}
