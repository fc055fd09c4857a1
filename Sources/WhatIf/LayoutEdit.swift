import LayoutModel

/// One change to a type's declaration.
public enum LayoutEdit: Hashable, Sendable, CustomStringConvertible {
  /// Add member `name` of `type` to `structName`, at the end or after `after`.
  case add(structName: String, member: String, type: TypeID, after: String?)
  /// Remove member `member` of `structName`.
  case remove(structName: String, member: String)
  /// Declare `newName` as `struct newName { struct structName <field>; extra... }`:
  /// the external wrapper of the 2017 thread.
  case wrap(newName: String, structName: String, field: String, extra: [WrapperMember])

  public var description: String {
    switch self {
    case .add(let s, let m, _, let after):
      return "add \(s).\(m)" + (after.map { " after \($0)" } ?? "")
    case .remove(let s, let m): return "remove \(s).\(m)"
    case .wrap(let w, let s, _, let extra):
      return "wrap struct \(s) in struct \(w) with \(extra.map(\.name).joined(separator: ", "))"
    }
  }
}

/// A member a wrapper adds after the wrapped struct.
public struct WrapperMember: Hashable, Sendable {
  public var name: String
  public var type: TypeID
  public init(name: String, type: TypeID) {
    self.name = name
    self.type = type
  }
}

/// Why an edit could not be applied.
public enum WhatIfError: Error, Equatable, Sendable, CustomStringConvertible {
  case noSuchStruct(String, suggestion: String?)
  case noSuchMember(structName: String, member: String, suggestion: String?)
  case duplicateMember(structName: String, member: String)
  case unknownType(String)

  public var description: String {
    switch self {
    case .noSuchStruct(let s, let suggestion):
      return "struct \(s) is not one the what-if engine can edit here"
        + Suggestions.hint(suggestion)
    case .noSuchMember(let s, let m, let suggestion):
      return "struct \(s) has no member '\(m)'" + Suggestions.hint(suggestion)
    case .duplicateMember(let s, let m): return "struct \(s) already has a member '\(m)'"
    case .unknownType(let t):
      return "type '\(t)' is not defined in the file (nor a base type of it)"
    }
  }
}

/// One step of the explanation: what changed and what it did to the size.
public struct Explanation: Hashable, Sendable, Codable {
  public var structName: String
  public var text: String
  public var sizeBefore: UInt64
  public var sizeAfter: UInt64

  public var delta: Int64 { Int64(bitPattern: sizeAfter &- sizeBefore) }
}
