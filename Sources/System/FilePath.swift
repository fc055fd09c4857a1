/// A path as the kernel takes it: bytes, not text. A file name need not be UTF-8, and
/// a name that is not must still be opened, listed and reported exactly.
public struct FilePath: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
  /// The path's bytes, without a terminating NUL.
  public var bytes: [UInt8]

  public init(bytes: [UInt8]) { self.bytes = bytes }
  public init(_ string: String) { bytes = Array(string.utf8) }
  public init(stringLiteral value: String) { self.init(value) }

  /// The path as text when its bytes are UTF-8.
  public var string: String? { String(validating: bytes, as: UTF8.self) }

  /// The path as text, bytes that are not UTF-8 replaced: only for what is shown next to
  /// an exact form (`pathBytes` in JSON) or where any stand-in will do.
  public var lossyString: String { String(decoding: bytes, as: UTF8.self) }

  /// The path for a message: UTF-8 kept, every other byte and every control byte
  /// written as `\xNN` (`\n`, `\t` for those two), so a name can neither break the line
  /// nor send the terminal an escape sequence.
  public var description: String { Self.escaped(bytes) }

  /// Whether the kernel could take it: no NUL inside, not empty.
  public var isValid: Bool { !bytes.isEmpty && !bytes.contains(0) }

  public var isAbsolute: Bool { bytes.first == UInt8(ascii: "/") }

  /// The last component (`b.ko` of `a/b.ko`); the path itself when it has no slash.
  public var lastComponent: FilePath {
    let trimmed = bytes.lastIndex { $0 != UInt8(ascii: "/") }.map { bytes[...$0] } ?? bytes[...]
    guard let slash = trimmed.lastIndex(of: UInt8(ascii: "/")) else {
      return FilePath(bytes: Array(trimmed))
    }
    return FilePath(bytes: Array(trimmed[(slash + 1)...]))
  }

  /// The directory that holds the last component: `.` for a bare name, `/` for a
  /// component of the root.
  public var removingLastComponent: FilePath {
    guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return "." }
    let head = bytes[..<slash]
    guard let last = head.lastIndex(where: { $0 != UInt8(ascii: "/") }) else { return "/" }
    return FilePath(bytes: Array(head[...last]))
  }

  /// `self/component` (one slash between them).
  public func appending(_ component: FilePath) -> FilePath {
    guard !bytes.isEmpty else { return component }
    if bytes.last == UInt8(ascii: "/") { return FilePath(bytes: bytes + component.bytes) }
    return FilePath(bytes: bytes + [UInt8(ascii: "/")] + component.bytes)
  }

  /// Calls `body` with the path NUL-terminated.
  public func withCString<R, E: Error>(
    _ body: (UnsafePointer<CChar>) throws(E) -> R
  ) throws(E) -> R {
    let terminated = bytes.map { CChar(bitPattern: $0) } + [0]
    return try terminated.withUnsafeBufferPointer { (buffer) throws(E) -> R in
      try body(buffer.baseAddress!)
    }
  }

  /// `bytes` for a one-line message (see `description`).
  public static func escaped(_ bytes: some Collection<UInt8>) -> String {
    let bytes = Array(bytes)
    var result = ""
    var at = 0
    while at < bytes.count {
      var parser = Unicode.UTF8.ForwardParser()
      var input = bytes[at...].makeIterator()
      switch parser.parseScalar(from: &input) {
      case .valid(let encoded):
        let scalar = Unicode.UTF8.decode(encoded)
        result += isControl(scalar) ? escape(scalar) : String(scalar)
        at += encoded.count
      case .error(let length):
        for byte in bytes[at..<at + length] { result += escaped(byte) }
        at += length
      case .emptyInput:
        return result
      }
    }
    return result
  }

  private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
  }

  private static func escape(_ scalar: Unicode.Scalar) -> String {
    switch scalar {
    case "\n": return "\\n"
    case "\t": return "\\t"
    default: return escaped(UInt8(truncatingIfNeeded: scalar.value))
    }
  }

  private static func escaped(_ byte: UInt8) -> String {
    "\\x" + CollectionOfOne(byte).lowercaseHex
  }
}
