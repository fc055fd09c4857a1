import Foundation
import Testing
import TestSupport

/// Every subcommand's Markdown, rendered by a real CommonMark renderer (Debian's
/// python3-markdown-it, with GitHub tables) and its structure asserted: a heading per
/// report and section, tables that are tables with one row per item, identifiers in
/// headings or cells (never swallowed into a list item), `+`/`-` kept in code spans.
@Suite struct MarkdownTests {
  /// Prints, per document, its headings, tables (cells with code spans kept in
  /// backticks), list items, paragraphs, and the rows whose unescaped `|` count does not
  /// match their table's columns (a `|` from a file name would split a cell).
  static let renderer = """
    import json, re, sys
    from markdown_it import MarkdownIt
    md = MarkdownIt("commonmark").enable("table")
    def text(tok):
        out = ""
        for c in tok.children or []:
            if c.type == "code_inline": out += "`" + c.content + "`"
            elif c.type in ("text", "html_inline"): out += c.content
            elif c.type in ("softbreak", "hardbreak"): out += "\\n"
            elif c.type == "strong_open": out += "<strong>"
        return out
    def pipes(line):
        # Cells as GitHub counts them: unescaped pipes, outer ones excluded.
        n = len(re.findall(r"(?<!\\\\)\\|", line.strip()))
        return n - 1
    result = []
    for path in sys.argv[1:]:
        src = open(path, encoding="utf-8").read()
        lines = src.split("\\n")
        tokens = md.parse(src)
        doc = {"headings": [], "tables": [], "items": [], "paragraphs": [], "badRows": []}
        table = None; row = None; item_depth = 0; in_head = False
        for i, t in enumerate(tokens):
            if t.type == "thead_open": in_head = True
            elif t.type == "thead_close": in_head = False
            elif t.type == "list_item_open": item_depth += 1
            elif t.type == "list_item_close": item_depth -= 1
            elif t.type == "table_open":
                table = {"header": [], "rows": []}
                for l in lines[t.map[0]:t.map[1]]:
                    if l.strip().startswith("|"):
                        cols = pipes(lines[t.map[0]])
                        if pipes(l) != cols: doc["badRows"].append(l)
            elif t.type == "table_close": doc["tables"].append(table); table = None
            elif t.type == "tr_open": row = []
            elif t.type == "tr_close":
                if in_head: table["header"] = row
                else: table["rows"].append(row)
            elif t.type == "inline":
                prev = tokens[i - 1].type
                if prev == "heading_open": doc["headings"].append({"level": int(tokens[i - 1].tag[1]), "text": text(t)})
                elif prev in ("th_open", "td_open"): row.append(text(t))
                elif item_depth > 0: doc["items"].append(text(t))
                elif prev == "paragraph_open": doc["paragraphs"].append(text(t))
        result.append(doc)
    print(json.dumps(result))
    """

  struct Rendered: Decodable {
    struct Heading: Decodable {
      var level: Int
      var text: String
    }
    struct Table: Decodable {
      var header: [String]
      var rows: [[String]]
    }
    var headings: [Heading]
    var tables: [Table]
    var items: [String]
    var paragraphs: [String]
    var badRows: [String]
  }

  /// Renders every Markdown output in one python run.
  static let rendered: [(ReportOutput, Rendered)] = {
    let outputs = ReportOutputs.of(format: "markdown")
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "klp-md-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let paths = outputs.enumerated().map { i, o in
      let url = dir.appendingPathComponent("\(i).md")
      try? Data(o.result.stdout.utf8).write(to: url)
      return url.path
    }
    guard let r = try? Python.run(["-c", renderer] + paths), r.status == 0,
      let docs = try? JSONDecoder().decode([Rendered].self, from: Data(r.stdout.utf8)),
      docs.count == outputs.count
    else { return [] }
    return Array(zip(outputs, docs))
  }()

  /// The JSON of the same case, for the counts the Markdown must show.
  static func json(_ output: ReportOutput) throws -> [String: Any] {
    let twin = try #require(
      ReportOutputs.all.first {
        $0.reportCase.description == output.reportCase.description && $0.format == "json"
      })
    return try #require(
      try JSONSerialization.jsonObject(with: Data(twin.result.stdout.utf8)) as? [String: Any])
  }

  @Test func everyReportRendersWithHeadingsAndWholeTables() throws {
    #expect(
      Self.rendered.count == ReportOutputs.of(format: "markdown").count,
      "markdown-it did not render")
    for (output, doc) in Self.rendered {
      #expect(doc.headings.first?.level == 2, "\(output): no report heading")
      #expect(doc.badRows.isEmpty, "\(output): rows whose | split cells: \(doc.badRows)")
      // A table that did not parse shows up as a paragraph of pipes.
      #expect(!doc.paragraphs.contains { $0.hasPrefix("|") }, "\(output): a table rendered as text")
      for table in doc.tables {
        #expect(!table.header.isEmpty, "\(output): a table without header")
        #expect(table.rows.allSatisfy { $0.count == table.header.count }, "\(output): ragged table")
      }
      // Nothing in a list item is a heading or an emphasized title.
      #expect(
        !doc.items.contains { $0.contains("<strong>") || $0.hasPrefix("#") },
        "\(output): title in a list item")
    }
  }

  /// The checks see the breakage the renderers once had: a title swallowed into the
  /// bullet before it, a `|` from a name splitting a cell, a table without its
  /// separator row printed as text.
  @Test func theStructureCheckCatchesBrokenMarkdown() throws {
    let broken = """
      ## Report

      - static klp arrays: 840 bytes
      **A-embedded**

      | module | funcs |
      | --- | ---: |
      | `a|b.ko` | 1 |

      | not | a table |
      | `x` | 1 |
      """
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "klp-md-broken-\(UUID().uuidString).md")
    try Data(broken.utf8).write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    let r = try Python.run(["-c", Self.renderer, url.path])
    #expect(r.status == 0, "\(r.stderr)")
    let doc = try #require(
      try JSONDecoder().decode([Rendered].self, from: Data(r.stdout.utf8)).first)
    #expect(doc.items.contains { $0.contains("<strong>") })
    #expect(doc.badRows == ["| `a|b.ko` | 1 |"])
    #expect(doc.paragraphs.contains { $0.hasPrefix("|") })
  }

  /// Goldens other tests own (`safety`) pass the same structural checks.
  @Test func otherGoldenMarkdownRendersWhole() throws {
    let files = ReportCase.goldensOwnedElsewhere.flatMap {
      Fixtures.files(under: "expected/\($0)", suffixes: [".md"])
    }
    #expect(!files.isEmpty)
    let r = try Python.run(["-c", Self.renderer] + files.map(Fixtures.path))
    #expect(r.status == 0, "\(r.stderr)")
    let docs = try JSONDecoder().decode([Rendered].self, from: Data(r.stdout.utf8))
    for (file, doc) in zip(files, docs) {
      // `safety` opens at level 3 (its report is made to sit inside a PR comment).
      #expect(!doc.headings.isEmpty, "\(file): no report heading")
      #expect(doc.badRows.isEmpty, "\(file): \(doc.badRows)")
      #expect(!doc.paragraphs.contains { $0.hasPrefix("|") }, "\(file): a table rendered as text")
      #expect(
        doc.tables.allSatisfy { t in t.rows.allSatisfy { $0.count == t.header.count } }, "\(file)")
      #expect(!doc.items.contains { $0.contains("<strong>") || $0.hasPrefix("#") }, "\(file)")
    }
  }

  @Test func whatIfDesignsHaveHeadingsAndRows() throws {
    for (output, doc) in Self.rendered where output.reportCase.subcommand == "whatif" {
      let json = try Self.json(output)
      let designs = (json["designs"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
      let table = try #require(doc.tables.first { $0.header.first == "design" }, "\(output)")
      #expect(table.rows.count == designs.count, "\(output)")
      for id in designs {
        #expect(
          table.rows.contains { $0.first?.hasPrefix(id) == true }, "\(output): \(id) not a row")
        #expect(
          !doc.items.contains { $0.hasPrefix(id) }, "\(output): \(id) swallowed into a list item")
      }
      for design in json["designs"] as? [[String: Any]] ?? []
      where !((design["steps"] as? [Any]) ?? []).isEmpty {
        let id = design["id"] as? String ?? ""
        #expect(
          doc.headings.contains { $0.text.contains("`\(id)`") }, "\(output): no heading for \(id)")
      }
    }
  }

  @Test func diffMemberChangesAreTablesWithSignsInCode() throws {
    for (output, doc) in Self.rendered where output.reportCase.subcommand == "diff" {
      let json = try Self.json(output)
      for type in json["types"] as? [[String: Any]] ?? [] {
        let title = "`\(type["kind"] as? String ?? "") \(type["name"] as? String ?? "")`"
        #expect(
          doc.headings.contains { $0.level == 3 && $0.text.hasPrefix(title) },
          "\(output): no heading for \(title)")
        let members = type["members"] as? [[String: Any]] ?? []
        if members.isEmpty { continue }
        let names = members.compactMap { $0["name"] as? String }
        let table = doc.tables.first { t in
          t.header.contains("member")
            && names.allSatisfy { n in t.rows.contains { $0.contains("`\(n)`") } }
        }
        #expect(
          table?.rows.count == members.count, "\(output): members of \(title) not one row each")
        #expect(
          table?.rows.allSatisfy { $0.first?.hasPrefix("`") == true } == true,
          "\(output): sign outside a code span")
      }
      let funcs = (json["livepatch"] as? [String: Any])?["funcs"] as? [[String: Any]] ?? []
      for f in funcs {
        let sign = f["change"] as? String == "added" ? "`+`" : "`-`"
        #expect(
          doc.tables.contains { $0.rows.contains { $0.first == sign } }, "\(output): \(sign) lost")
      }
    }
  }

  @Test func checkVerdictAndViolations() throws {
    for (output, doc) in Self.rendered where output.reportCase.subcommand == "check" {
      let json = try Self.json(output)
      let violations = json["violations"] as? [[String: Any]] ?? []
      let heading = try #require(doc.headings.first).text
      if violations.isEmpty {
        #expect(heading.contains("✅") && heading.contains("within budget"), "\(output): \(heading)")
        #expect(!heading.contains("1 types"), "\(output): \(heading)")
      } else {
        #expect(heading.contains("❌"), "\(output): \(heading)")
        let table = try #require(doc.tables.first, "\(output)")
        #expect(table.rows.count == violations.count, "\(output)")
        for v in violations where !((v["members"] as? [Any]) ?? []).isEmpty {
          let members = v["members"] as? [Any] ?? []
          #expect(
            doc.tables.contains { $0.header.contains("member") && $0.rows.count == members.count },
            "\(output)")
        }
      }
    }
  }

  @Test func listingsHaveOneRowPerItem() throws {
    for (output, doc) in Self.rendered {
      let json = try Self.json(output)
      switch output.reportCase.subcommand {
      case "scan":
        let modules = json["modules"] as? [Any] ?? []
        #expect(doc.tables.first?.rows.count == modules.count, "\(output)")
      case "inspect":
        let modules = json["modules"] as? [[String: Any]] ?? []
        #expect(
          doc.headings.filter { $0.level == 2 }.count == modules.count,
          "\(output): one heading per module")
        for m in modules {
          let arrays = m["arrays"] as? [Any] ?? []
          if !arrays.isEmpty {
            #expect(
              doc.tables.contains { $0.header.first == "array" && $0.rows.count == arrays.count },
              "\(output)")
          }
        }
      case "layout":
        // One heading per type and enum; or one row per answer of a list question.
        let types = json["types"] as? [Any] ?? []
        let enums = json["enumerations"] as? [Any] ?? []
        let answers = ["sizes", "containers", "pointers"].compactMap { json[$0] as? [Any] }.first
        if let answers {
          #expect(doc.tables.first?.rows.count == answers.count, "\(output): one row per answer")
          #expect(!answers.isEmpty, "\(output): a case with nothing to show")
        } else {
          #expect(
            doc.headings.filter { $0.level == 3 }.count == types.count + enums.count,
            "\(output): one heading per type")
        }
      case "audit":
        // One row per type that wastes bytes, less those whose waste alignment forces
        // (each one item of the "Forced by alignment" list).
        let types = json["types"] as? [[String: Any]] ?? []
        let waste = { (t: [String: Any]) in
          (t["holeBytes"] as? Int ?? 0) + (t["paddingBytes"] as? Int ?? 0)
        }
        let forced = types.filter {
          waste($0) > 0 && waste($0) <= $0["forcedAlignmentBytes"] as? Int ?? 0
            && $0["saved"] as? Int == 0 && ($0["straddling"] as? [Any])?.isEmpty == true
            && $0["bitHoleBits"] as? Int == 0
        }
        let wasteful = types.filter { waste($0) > 0 }
        #expect(
          doc.tables.first?.rows.count == wasteful.count - forced.count
            || doc.tables.first?.rows.count == types.count, "\(output)")
        #expect(
          forced.isEmpty
            || doc.headings.contains { $0.text.contains("Forced by alignment") }, "\(output)")
      default: break
      }
    }
  }
}
