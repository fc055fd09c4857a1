import FoundationEssentials

/// How text output may draw: tree lines and arrows in UTF-8 when the locale says so,
/// ASCII otherwise (`LC_ALL`, `LC_CTYPE`, `LANG`, as the C library reads them).
public struct TextStyle: Sendable, Equatable {
  public var unicode: Bool

  public init(unicode: Bool) { self.unicode = unicode }

  /// From the environment: UTF-8 only when the effective locale names it.
  public static func fromEnvironment(
    _ env: [String: String] = ProcessInfo.processInfo.environment
  ) -> TextStyle {
    let locale =
      [env["LC_ALL"], env["LC_CTYPE"], env["LANG"]].compactMap { $0 }.first { !$0.isEmpty } ?? ""
    let lower = locale.lowercased()
    return TextStyle(unicode: lower.contains("utf-8") || lower.contains("utf8"))
  }

  var arrow: String { unicode ? "→" : "->" }
  var branch: String { unicode ? "├─ " : "|- " }
  var last: String { unicode ? "└─ " : "`- " }
  var pipe: String { unicode ? "│  " : "|  " }
  var times: String { unicode ? "×" : "x" }
}
