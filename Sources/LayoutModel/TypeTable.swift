/// All the types of a file (or of an edit), addressable by `TypeID`.
public struct TypeTable: Hashable, Sendable, Codable {
  public private(set) var types: [TypeID: CType]
  /// The target's alignment rules and pointer width.
  public var abi: TargetABI

  public init(types: [TypeID: CType] = [:], abi: TargetABI) {
    self.types = types
    self.abi = abi
  }

  public subscript(_ id: TypeID) -> CType? {
    get { types[id] }
    set { types[id] = newValue }
  }

  /// An id not used yet, for synthesized types.
  public func freshID() -> TypeID {
    TypeID((types.keys.max()?.rawValue ?? 0) + 1)
  }

  /// The type behind typedefs and qualifiers.
  public func resolved(_ id: TypeID?) -> CType? {
    var current = id
    for _ in 0..<64 {  // bounded: a cyclic typedef chain must not hang
      guard let c = current, let type = types[c] else { return current == nil ? .void : nil }
      switch type {
      case .typedef(_, let target), .qualified(_, let target): current = target
      default: return type
      }
    }
    return nil
  }

  /// The aggregate behind typedefs and qualifiers, if that is what `id` is.
  public func aggregate(_ id: TypeID) -> AggregateType? {
    if case .aggregate(let a) = resolved(id) { return a }
    return nil
  }

  /// `sizeof`, or nil when unknown (declarations, flexible arrays, functions).
  public func size(of id: TypeID?) -> UInt64? {
    size(of: id, depth: 0)
  }

  private func size(of id: TypeID?, depth: Int) -> UInt64? {
    guard depth < 64, let type = resolved(id) else { return nil }
    switch type {
    case .void, .function, .unknown: return nil
    case .base(_, let size, _), .pointer(_, let size): return size
    case .aggregate(let a): return a.byteSize
    case .enumeration(_, let size, _): return size
    case .array(let element, let counts):
      guard let elementSize = size(of: element, depth: depth + 1) else { return nil }
      var total = elementSize
      for count in counts {
        guard let count else { return 0 }
        let (product, overflow) = total.multipliedReportingOverflow(by: count)
        if overflow { return nil }
        total = product
      }
      return total
    case .typedef, .qualified: return nil
    }
  }

  /// Whether the type is (behind typedefs) an array with an unknown or zero bound.
  public func isFlexibleArray(_ id: TypeID) -> Bool {
    if case .array(_, let counts) = resolved(id) {
      return counts.first.map { $0 == nil || $0 == 0 } ?? false
    }
    return false
  }

  /// For a named struct or union, or an array of one: its name and the element count
  /// (1 for a single struct; nil for an array of unknown bound or an overflowing count).
  public func elementShape(of id: TypeID) -> (name: String, count: UInt64?)? {
    switch resolved(id) {
    case .aggregate(let a)?:
      return a.name.map { ($0, 1) }
    case .array(let element, let counts)?:
      guard let name = aggregate(element)?.name else { return nil }
      var total: UInt64? = 1
      for count in counts {
        guard let c = count, let t = total else { return (name, nil) }
        let (product, overflow) = t.multipliedReportingOverflow(by: c)
        total = overflow ? nil : product
      }
      return (name, total)
    default:
      return nil
    }
  }
}
