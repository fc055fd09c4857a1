/// The offset of a debugging information entry in `.debug_info`.
public struct DIEOffset: RawRepresentable, Hashable, Comparable, Sendable, Codable,
  CustomStringConvertible
{
  public var rawValue: UInt64
  public init(rawValue: UInt64) { self.rawValue = rawValue }
  public init(_ rawValue: UInt64) { self.rawValue = rawValue }
  public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
  public var description: String { "0x" + String(rawValue, radix: 16) }
}

/// The index of a section in the section header table.
public struct SectionIndex: RawRepresentable, Hashable, Comparable, Sendable, Codable {
  public var rawValue: Int
  public init(rawValue: Int) { self.rawValue = rawValue }
  public init(_ rawValue: Int) { self.rawValue = rawValue }
  public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// The index of a symbol in `.symtab`.
public struct SymbolIndex: RawRepresentable, Hashable, Comparable, Sendable, Codable {
  public var rawValue: Int
  public init(rawValue: Int) { self.rawValue = rawValue }
  public init(_ rawValue: Int) { self.rawValue = rawValue }
  public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}
