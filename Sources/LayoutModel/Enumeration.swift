/// A named C enumeration and its constants, as `pahole -C NAME` prints it. Kept apart
/// from `CType.enumeration` (which is all layout needs: a name and a size).
public struct Enumeration: Hashable, Sendable, Codable {
  public var name: String
  /// nil for a declaration-only enum.
  public var byteSize: UInt64?
  public var enumerators: [Enumerator]

  public init(name: String, byteSize: UInt64?, enumerators: [Enumerator]) {
    self.name = name
    self.byteSize = byteSize
    self.enumerators = enumerators
  }
}

/// One enumeration constant. DWARF gives the value in a signed or an unsigned form;
/// both are kept so `-1` and `0xffffffffffffffff` print as the compiler meant them.
public struct Enumerator: Hashable, Sendable, Codable {
  public var name: String
  public var value: EnumeratorValue

  public init(name: String, value: EnumeratorValue) {
    self.name = name
    self.value = value
  }

  /// The value's bit pattern (what `--hex` prints).
  public var bits: UInt64 {
    switch value {
    case .signed(let v): return UInt64(bitPattern: v)
    case .unsigned(let v): return v
    }
  }
}

public enum EnumeratorValue: Hashable, Sendable, Codable, CustomStringConvertible {
  case signed(Int64)
  case unsigned(UInt64)

  public var description: String {
    switch self {
    case .signed(let v): return String(v)
    case .unsigned(let v): return String(v)
    }
  }

  /// A plain JSON number.
  public func encode(to encoder: Encoder) throws {
    var c = encoder.singleValueContainer()
    switch self {
    case .signed(let v): try c.encode(v)
    case .unsigned(let v): try c.encode(v)
    }
  }

  public init(from decoder: Decoder) throws {
    let c = try decoder.singleValueContainer()
    if let v = try? c.decode(Int64.self), v < 0 {
      self = .signed(v)
    } else {
      self = .unsigned(try c.decode(UInt64.self))
    }
  }
}
