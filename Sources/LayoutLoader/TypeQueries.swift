import LayoutModel

/// A pointer member found by `pointers(to:)`: `container.member` points at the type.
public struct PointerMember: Hashable, Sendable {
  public var container: NamedType
  public var member: String
}

extension LoadedFile {
  /// pahole's `--contains`: the named aggregates with a member whose type is the
  /// target itself (not through a typedef, pointer or array; nested anonymous
  /// aggregates are not searched), in file order.
  public func containers(of target: TypeSpec) -> [NamedType] {
    definitions.filter { container in
      guard let a = table.aggregate(container.id) else { return false }
      return a.members.contains { isNamed(target, $0.type) }
    }
  }

  /// pahole's `--find_pointers_to`: the members, of every named aggregate, declared
  /// as a plain pointer to the target (`struct T *`, not `const struct T *`).
  public func pointers(to target: TypeSpec) -> [PointerMember] {
    definitions.flatMap { container -> [PointerMember] in
      guard let a = table.aggregate(container.id) else { return [] }
      return a.members.compactMap { m in
        guard case .pointer(let pointee?, _)? = table[m.type], isNamed(target, pointee) else {
          return nil
        }
        return PointerMember(container: container, member: m.name ?? "")
      }
    }
  }

  /// Whether `id` is directly a struct, union or enum of the target's name and kind.
  private func isNamed(_ target: TypeSpec, _ id: TypeID) -> Bool {
    switch table[id] {
    case .aggregate(let a)?:
      guard a.name == target.name else { return false }
      switch target.kind {
      case nil, .typedef?: return true
      case .structure?: return a.kind != .union
      case .class?: return a.kind == .class
      case .union?: return a.kind == .union
      case .enumeration?: return false
      }
    case .enumeration(let name, _, _)?:
      return name == target.name && (target.kind == nil || target.kind == .enumeration)
    default:
      return false
    }
  }
}

extension TypeLoader {
  public func defines(_ spec: TypeSpec) throws(LoaderError) -> Bool {
    try withIndex { index -> Bool? in
      switch index.entry(for: spec, byName: index.definitionsByName()) {
      case nil: return absenceIsKnown ? false : nil
      case .aggregate(let entry)?, .enumeration(let entry)?: return checked(entry) ? true : nil
      }
    }
  }
}

extension TypeProvider {
  /// Every named aggregate loaded, for `containers(of:)` and `pointers(to:)`; fails
  /// with `typeNotFound` when the file defines no type of the target's name.
  public func loadForQuery(about target: TypeSpec) throws(LoaderError) -> LoadedFile {
    let loaded = try loadAllNamed()
    guard try defines(target) else {
      throw .typeNotFound(file: path, name: target.description, suggestion: nil)
    }
    return loaded
  }
}

extension LayoutRequest {
  /// `--contains TYPE`: the aggregates holding a TYPE member, kept by `filter`.
  public func containers(
    of target: String
  ) throws(LoaderError) -> (loaded: LoadedFile, found: [NamedType]) {
    let spec = TypeSpec(parsing: target)
    let loaded = try provider.loadForQuery(about: spec)
    return (loaded, loaded.containers(of: spec).filter { admitted($0, in: loaded) })
  }

  /// `--find-pointers-to TYPE`: the members pointing at TYPE, in aggregates kept by `filter`.
  public func pointers(
    to target: String
  ) throws(LoaderError) -> (loaded: LoadedFile, found: [PointerMember]) {
    let spec = TypeSpec(parsing: target)
    let loaded = try provider.loadForQuery(about: spec)
    return (loaded, loaded.pointers(to: spec).filter { admitted($0.container, in: loaded) })
  }

  private func admitted(_ type: NamedType, in loaded: LoadedFile) -> Bool {
    guard !filter.isEmpty else { return true }
    guard let layout = loaded.layout(of: type.id, cachelineSize: cachelineSize) else {
      return false
    }
    return filter.admits(layout)
  }
}
