import LayoutModel
import FoundationEssentials

/// The report contract's version: every subcommand's JSON carries it.
public let reportSchemaVersion = 2

/// A document Foundation's encoder refused (a value JSON cannot hold: a non-finite
/// number, should a document ever carry one).
public struct ReportEncodingError: Error, Sendable, CustomStringConvertible {
  public var document: String
  public var reason: String

  public var description: String { "cannot write the \(document) report as JSON: \(reason)" }
}

/// Encodes report documents the one way the project does: sorted keys, pretty-printed,
/// empty arrays as `[]` and empty objects as `{}`, so outputs diff cleanly and are stable across runs.
public enum JSONOutput {
  public static func encode<T: Encodable>(_ value: T) throws(ReportEncodingError) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let data: Data
    do { data = try encoder.encode(value) } catch {
      throw ReportEncodingError(document: "\(T.self)", reason: "\(error)")
    }
    return collapsingEmpty(String(decoding: data, as: UTF8.self)) + "\n"
  }

  /// Foundation prints an empty array as `[\n\n  ]` and an empty object as `{\n\n  }`;
  /// the contract says `[]` and `{}`.
  static func collapsingEmpty(_ json: String) -> String {
    var out = ""
    out.reserveCapacity(json.utf8.count)
    var i = json.startIndex
    var inString = false
    var escaped = false
    while i < json.endIndex {
      let c = json[i]
      if inString {
        if escaped {
          escaped = false
        } else if c == "\\" {
          escaped = true
        } else if c == "\"" {
          inString = false
        }
      } else if c == "\"" {
        inString = true
      } else if c == "[" || c == "{" {
        // Look ahead over whitespace for the closing bracket.
        let close: Character = c == "[" ? "]" : "}"
        var j = json.index(after: i)
        while j < json.endIndex, json[j] == " " || json[j] == "\n" { j = json.index(after: j) }
        if j < json.endIndex, json[j] == close {
          out.append(c)
          out.append(close)
          i = json.index(after: j)
          continue
        }
      }
      out.append(c)
      i = json.index(after: i)
    }
    return out
  }
}
