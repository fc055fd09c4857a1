import ReportSchema

/// `check` reports: text, a Markdown PR comment, or GitHub workflow annotations. Each
/// failure says which type and why.
enum CheckRenderer {
  static func text(_ d: CheckDocument, style: TextStyle) -> String {
    var out: [String] = []
    out.append(
      d.passed
        ? "PASS: \(counted(d.checked, "type")) within budget of \(Escape.text(d.baseline))"
        : "FAIL: \(counted(d.violations.count, "violation")) of \(Escape.text(d.baseline))")
    for v in d.violations {
      out.append("  " + Escape.text(v.title) + ": " + reason(v, style))
      for m in v.members { out.append("    " + member(m, style)) }
    }
    for key in d.allowedMissing {
      out.append("  \(Escape.text(key.description)): missing, allowed by --allow-missing")
    }
    if SourceLine.applies(d.typeSource) { out.append(SourceLine.btf) }
    return out.joined(separator: "\n") + "\n"
  }

  /// A comment for a pull request: a verdict heading, a table, then the causes.
  static func markdown(_ d: CheckDocument) -> String {
    var out: [String] = []
    out.append(
      d.passed
        ? "## ✅ klp-layout: \(counted(d.checked, "type")) within budget"
        : "## ❌ klp-layout: \(counted(d.violations.count, "violation"))")
    out += [
      "",
      "\(Escape.code(Escape.path(d.file, bytes: d.pathBytes))) against \(Escape.code(d.baseline))",
    ]
    if SourceLine.applies(d.typeSource) { out += ["", SourceLine.btfSentence] }
    if !d.violations.isEmpty { out += markdownViolations(d.violations) }
    if !d.allowedMissing.isEmpty {
      out += [
        "",
        "Missing, allowed by `--allow-missing`: "
          + d.allowedMissing.map { Escape.code($0.description) }.joined(separator: ", "),
      ]
    }
    return out.joined(separator: "\n") + "\n"
  }

  /// The violations as a table, then what changed in each type, a table per type.
  private static func markdownViolations(_ violations: [CheckDocument.Violation]) -> [String] {
    let style = TextStyle(unicode: true)
    var out = [""]
    out +=
      MarkdownTable(
        header: ["Type", "Why", "Baseline", "Now", "Delta", "Limit"],
        rows: violations.map { v in
          [
            Escape.code(v.title), v.reason == .missing ? "missing from the build" : "over budget",
            "\(v.oldSize)",
            v.newSize.map(String.init) ?? "-",
            v.newSize.map { signed(Int64(bitPattern: $0 &- v.oldSize)) } ?? "-", "\(v.limit)",
          ]
        }
      ).lines
    for v in violations where !v.members.isEmpty {
      out += ["", "### \(Escape.code(v.title, inTable: false)): what changed", ""]
      out +=
        MarkdownTable(
          header: ["", "member", "change"],
          rows: v.members.map { m in
            [Escape.code(sign(m)), Escape.code(m.name), Escape.markdown(detail(m, style))]
          }
        ).lines
    }
    return out
  }

  /// `::error` per violation, which GitHub Actions shows on the run and the pull
  /// request; a `::notice` when all is well.
  static func github(_ d: CheckDocument) -> String {
    let style = TextStyle(unicode: true)
    var out: [String] = []
    for v in d.violations {
      let cause =
        v.members.isEmpty
        ? "" : " (" + v.members.map { member($0, style) }.joined(separator: "; ") + ")"
      let title = v.title + (v.reason == .missing ? " missing" : " over budget")
      out.append(
        "::error file=\(property(Escape.path(d.file, bytes: d.pathBytes))),title=\(property(title))::\(data(v.title + ": " + reason(v, style) + cause))"
      )
    }
    for key in d.allowedMissing {
      out.append(
        "::warning file=\(property(Escape.path(d.file, bytes: d.pathBytes)))::\(data("\(key) is missing, allowed by --allow-missing"))"
      )
    }
    if d.passed { out.append("::notice::klp-layout: \(counted(d.checked, "type")) within budget") }
    return out.joined(separator: "\n") + "\n"
  }

  static func reason(_ v: CheckDocument.Violation, _ style: TextStyle) -> String {
    switch v.reason {
    case .missing:
      return
        "in the baseline (\(v.oldSize) bytes) but not in the build (use --allow-missing to accept)"
    case .overBudget:
      let now = v.newSize ?? 0
      return
        "\(v.oldSize) \(style.arrow) \(now) bytes (\(signed(Int64(bitPattern: now &- v.oldSize)))), limit \(v.limit)"
    }
  }

  static func member(_ m: MemberChange, _ style: TextStyle) -> String {
    "\(sign(m)) \(Escape.text(m.name)): \(detail(m, style))"
  }

  static func sign(_ m: MemberChange) -> String {
    switch m.change {
    case .added: return "+"
    case .removed: return "-"
    default: return "~"
    }
  }

  static func detail(_ m: MemberChange, _ style: TextStyle) -> String {
    func size(_ bytes: UInt64?, _ bits: UInt64?) -> String {
      bits.map { counted(Int($0), "bit") } ?? counted(Int(bytes ?? 0), "byte")
    }
    switch m.change {
    case .added: return "added at \(m.newOffset ?? 0), \(size(m.newSize, m.newBitSize))"
    case .removed: return "removed (was at \(m.oldOffset ?? 0), \(size(m.oldSize, m.oldBitSize)))"
    default:
      return "\(size(m.oldSize, m.oldBitSize)) \(style.arrow) \(size(m.newSize, m.newBitSize))"
    }
  }

  /// Workflow command messages need `%`, CR and LF escaped (GitHub decodes those three);
  /// every other control byte (an ESC in a name from a file, which the runner's log
  /// would pass to a terminal) is written as `Escape.text` writes it.
  static func data(_ s: String) -> String {
    var out = ""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "%": out += "%25"
      case "\r": out += "%0D"
      case "\n": out += "%0A"
      default: out += Escape.text(String(scalar))
      }
    }
    return out
  }

  /// Property values also need `:` and `,` escaped.
  static func property(_ s: String) -> String {
    data(s).replacingAll(":", with: "%3A").replacingAll(",", with: "%2C")
  }
}
