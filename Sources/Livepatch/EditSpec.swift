import LayoutModel
import WhatIf

/// Why an edit spelling could not become an edit: its grammar, or a type it names.
public enum EditSpecError: Error, Equatable, Sendable, CustomStringConvertible {
  case syntax(EditSyntaxError)
  case type(LivepatchError)

  public var description: String {
    switch self {
    case .syntax(let e): return e.description
    case .type(let e): return e.description
    }
  }
}

/// The command line's edit spellings, resolved against a module's types:
/// `S:TYPE:NAME[@after:M]` adds, `S.M` removes, `W=S+TYPE:NAME[+TYPE:NAME]...` wraps.
public enum EditSpec {
  public static func add(
    _ spec: String, in module: ModuleAnalysis
  ) throws(EditSpecError) -> LayoutEdit {
    var body = Substring(spec)
    var after: String?
    if let at = body.firstRange(of: "@after:") {
      after = String(body[at.upperBound...])
      body = body[..<at.lowerBound]
    }
    let parts = body.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 3, !parts[0].isEmpty, !parts[2].isEmpty else {
      throw .syntax(
        .init(option: "--add", value: spec, expected: "STRUCT:TYPE:NAME[@after:MEMBER]"))
    }
    let type = try resolve(String(parts[1]), in: module)
    return .add(structName: String(parts[0]), member: String(parts[2]), type: type, after: after)
  }

  public static func remove(_ spec: String) throws(EditSpecError) -> LayoutEdit {
    let parts = spec.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
      throw .syntax(.init(option: "--remove", value: spec, expected: "STRUCT.MEMBER"))
    }
    return .remove(structName: String(parts[0]), member: String(parts[1]))
  }

  public static func wrap(
    _ spec: String, in module: ModuleAnalysis
  ) throws(EditSpecError) -> LayoutEdit {
    let sides = spec.split(separator: "=", maxSplits: 1)
    let pieces = sides.count == 2 ? sides[1].split(separator: "+") : []
    guard sides.count == 2, !sides[0].isEmpty, pieces.count >= 2 else {
      throw .syntax(
        .init(option: "--wrap", value: spec, expected: "WRAPPER=STRUCT+TYPE:NAME[+TYPE:NAME]..."))
    }
    var extra: [WrapperMember] = []
    for piece in pieces.dropFirst() {
      let typeAndName = piece.split(separator: ":")
      guard typeAndName.count == 2 else {
        throw .syntax(
          .init(
            option: "--wrap", value: spec, expected: "TYPE:NAME after each '+', found '\(piece)'"))
      }
      extra.append(
        WrapperMember(
          name: String(typeAndName[1]), type: try resolve(String(typeAndName[0]), in: module)))
    }
    let inner = String(pieces[0])
    return .wrap(
      newName: String(sides[0]), structName: inner, field: "orig_" + inner.replacingPrefix("klp_"),
      extra: extra)
  }
}

private func resolve(_ spelling: String, in module: ModuleAnalysis) throws(EditSpecError) -> TypeID
{
  do { return try module.resolveType(spelling) } catch { throw .type(error) }
}

extension String {
  fileprivate func replacingPrefix(_ prefix: String) -> String {
    hasPrefix(prefix) ? String(dropFirst(prefix.count)) : self
  }
}
