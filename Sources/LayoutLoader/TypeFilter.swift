import LayoutModel

/// pahole's filters over the types it prints: `--prefix_filter`, `--exclude`,
/// `--holes`. Pure: applied to laid-out types, so JSON and text see the same set.
public struct TypeFilter: Sendable, Equatable {
  /// Only names starting with one of these (none: all).
  public var prefixes: [String] = []
  /// No name starting with one of these.
  public var excludedPrefixes: [String] = []
  /// Only types with at least this many byte holes.
  public var minimumHoles: Int?

  public init(prefixes: [String] = [], excludedPrefixes: [String] = [], minimumHoles: Int? = nil) {
    self.prefixes = prefixes
    self.excludedPrefixes = excludedPrefixes
    self.minimumHoles = minimumHoles
  }

  public var isEmpty: Bool { prefixes.isEmpty && excludedPrefixes.isEmpty && minimumHoles == nil }

  /// Whether a type of this name (and, for aggregates, these holes) is kept.
  public func admits(name: String, holes: Int? = nil) -> Bool {
    if !prefixes.isEmpty && !prefixes.contains(where: { name.hasPrefix($0) }) { return false }
    if excludedPrefixes.contains(where: { name.hasPrefix($0) }) { return false }
    if let minimumHoles, (holes ?? 0) < minimumHoles { return false }
    return true
  }

  public func admits(_ layout: StructLayout) -> Bool {
    admits(name: layout.name ?? "", holes: layout.holeCount)
  }

  public func admits(_ enumeration: Enumeration) -> Bool {
    admits(name: enumeration.name, holes: minimumHoles == nil ? nil : 0)
  }
}
