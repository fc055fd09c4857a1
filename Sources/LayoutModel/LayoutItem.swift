/// One type `layout` shows: a struct or union laid out, or an enumeration. A list of
/// them keeps the order the user asked for, as pahole prints it.
public enum LayoutItem: Hashable, Sendable {
  case aggregate(StructLayout)
  case enumeration(Enumeration)
}

extension Array where Element == LayoutItem {
  /// The struct and union layouts, in order.
  public var layouts: [StructLayout] {
    compactMap { if case .aggregate(let l) = $0 { return l } else { return nil } }
  }

  /// The enumerations, in order.
  public var enumerations: [Enumeration] {
    compactMap { if case .enumeration(let e) = $0 { return e } else { return nil } }
  }
}
