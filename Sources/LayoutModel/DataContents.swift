/// The initial contents of one data object as an object file holds them, the way
/// objtool's `klp diff` compares them (tools/objtool/klp-checksum.c,
/// `checksum_update_object()`): its size, its bytes, and every relocation inside it by
/// what it points to, never by where that is in a section.
public struct DataContents: Hashable, Sendable, Codable {
  /// The symbol's size (`st_size`).
  public var size: UInt64
  /// The stored bytes; nil for an object in a section without any (`.bss`), which the
  /// loader fills with zeros.
  public var bytes: [UInt8]?
  /// Every relocation inside the object, by offset.
  public var references: [DataReference]
  /// The section it is in, for reasons (`.data..percpu`).
  public var section: String

  public init(size: UInt64, bytes: [UInt8]?, references: [DataReference], section: String) {
    self.size = size
    self.bytes = bytes
    self.references = references
    self.section = section
  }

  /// The byte at `offset` (zero past the stored bytes and in a section without any).
  public func byte(at offset: UInt64) -> UInt8 {
    guard let bytes, offset < UInt64(bytes.count) else { return 0 }
    return bytes[Int(offset)]
  }

  /// The references that take part in a comparison (all but `.anonymous`).
  public var compared: [DataReference] { references.filter { $0.target != .anonymous } }

  /// The reference whose relocation starts at `offset`, if any.
  public func reference(at offset: UInt64) -> DataReference? {
    references.first { $0.offset == offset }
  }
}

/// One relocation inside a data object: where, and what it points to.
public struct DataReference: Hashable, Sendable, Codable {
  /// From the start of the object.
  public var offset: UInt64
  public var target: Target

  public init(offset: UInt64, target: Target) {
    self.offset = offset
    self.target = target
  }

  /// What a relocation points to, resolved as klp-diff resolves it.
  public enum Target: Hashable, Sendable, Codable {
    /// A symbol, by the name its entity is reported under (`pool_a`, `conn_open::opened`,
    /// `h_read`), and the addend from its start: a relocation against a section symbol is
    /// resolved to the symbol containing the place.
    case symbol(String, addend: Int64)
    /// The NUL-terminated string at the place, when it is in a string section
    /// (`SHF_STRINGS`): literals are compared by their text.
    case string([UInt8])
    /// A place no symbol contains (an anonymous constant): klp-diff skips such a
    /// relocation, so it takes no part in the comparison (kept to say what a pointer
    /// points to).
    case anonymous
  }
}
