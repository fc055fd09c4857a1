import LayoutModel

/// Applies `LayoutEdit`s to the declarations of a file's structs and lays the results
/// out again with the target's ABI rules. Pure: values in, values out, and the steps
/// that explain the new sizes are returned as data.
public struct WhatIfEngine: Sendable {
  /// The file's types.
  public let table: TypeTable
  /// Struct name → its definition in `table`.
  public let structs: [String: TypeID]

  public init(table: TypeTable, structs: [String: TypeID]) {
    self.table = table
    self.structs = structs
  }

  /// The result of a set of edits.
  public struct Result: Sendable {
    /// The file's types plus the edited ones (fresh ids).
    public var table: TypeTable
    /// Every struct name (edited or not) → its id after the edits.
    public var structs: [String: TypeID]
    public var steps: [Explanation]

    /// `sizeof(struct name)` after the edits.
    public func size(of name: String) -> UInt64? { structs[name].flatMap { table.size(of: $0) } }

    /// The layout of `name` after the edits.
    public func layout(of name: String, cachelineSize: UInt64 = 64) -> StructLayout? {
      structs[name].flatMap { table.aggregate($0) }.map {
        StructLayout($0, table: table, cachelineSize: cachelineSize)
      }
    }
  }

  /// Applies `edits` in order; a wrapper wraps the struct as the edits before it left it.
  public func apply(_ edits: [LayoutEdit]) throws(WhatIfError) -> Result {
    var result = Result(table: table, structs: structs, steps: [])
    for edit in edits {
      try apply(edit, to: &result)
    }
    return result
  }

  private func apply(_ edit: LayoutEdit, to result: inout Result) throws(WhatIfError) {
    switch edit {
    case .add(let name, let member, let type, let after):
      var declaration = try declaration(of: name, in: result)
      guard !declaration.members.contains(where: { $0.name == member }) else {
        throw .duplicateMember(structName: name, member: member)
      }
      var index = declaration.members.count
      if let after {
        guard let found = declaration.members.firstIndex(where: { $0.name == after }) else {
          throw .noSuchMember(
            structName: name, member: after,
            suggestion: Suggestions.closest(to: after, in: declaration.members.compactMap(\.name)))
        }
        index = found + 1
      }
      declaration.members.insert(DeclaredMember(name: member, type: type), at: index)
      commit(declaration, as: name, step: edit.description, into: &result)
    case .remove(let name, let member):
      var declaration = try declaration(of: name, in: result)
      guard let index = declaration.members.firstIndex(where: { $0.name == member }) else {
        throw .noSuchMember(
          structName: name, member: member,
          suggestion: Suggestions.closest(to: member, in: declaration.members.compactMap(\.name)))
      }
      declaration.members.remove(at: index)
      commit(declaration, as: name, step: edit.description, into: &result)
    case .wrap(let newName, let name, let field, let extra):
      guard let inner = result.structs[name] else {
        throw .noSuchStruct(
          name, suggestion: Suggestions.closest(to: name, in: result.structs.keys))
      }
      let members =
        [DeclaredMember(name: field, type: inner)]
        + extra.map { DeclaredMember(name: $0.name, type: $0.type) }
      commit(
        Declaration(kind: .structure, name: newName, members: members), as: newName,
        step: edit.description, into: &result)
    }
  }

  private func declaration(of name: String, in result: Result) throws(WhatIfError) -> Declaration {
    guard let id = result.structs[name], let aggregate = result.table.aggregate(id) else {
      throw .noSuchStruct(name, suggestion: Suggestions.closest(to: name, in: result.structs.keys))
    }
    var declaration = Declaration(recovering: aggregate, table: result.table)
    // Positions pinned to the old layout would defeat the re-layout: drop them.
    for i in declaration.members.indices { declaration.members[i].pinnedBitOffset = nil }
    return declaration
  }

  /// Lays out `declaration`, stores it under a fresh id and records the step.
  private func commit(
    _ declaration: Declaration, as name: String, step: String, into result: inout Result
  ) {
    let before = result.size(of: name) ?? 0
    let laidOut = ReLayout(table: result.table).layout(declaration)
    let id = result.table.freshID()
    result.table[id] = .aggregate(laidOut)
    result.structs[name] = id
    let after = laidOut.byteSize ?? 0
    result.steps.append(
      Explanation(structName: name, text: step, sizeBefore: before, sizeAfter: after))
  }
}
