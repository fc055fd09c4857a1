internal import CProcessArguments

#if canImport(Glibc)
  import Glibc
#endif

/// The command's arguments as main received them: bytes. A file name need not be UTF-8,
/// and Swift's `CommandLine.arguments` both decodes them lossily (`\xff` becomes U+FFFD,
/// so the file cannot be opened) and, on Linux, reads them from `/proc/self/cmdline`,
/// which a chroot or a container without `/proc` does not have (every command then saw
/// no arguments). These come from main's own `argv` (kept by a C `.init_array` entry).
///
/// The argument parser takes text: `forParser` gives each argument as a `String` that
/// keeps its bytes, and `FilePath(argument:)` takes them back. A byte that is not part
/// of valid UTF-8 is carried as the scalar U+10FF00 + byte (Plane 16, private use),
/// and so are the bytes of any such scalar the argument really holds, so that the
/// round trip is exact for every argument.
public enum CommandArguments {
  /// Every argument, `argv[0]` first, as bytes; from `CommandLine` when main's `argv`
  /// was not captured (a library loaded some other way).
  public static let bytes: [[UInt8]] = {
    guard let argv = klp_process_argv(), klp_process_argc() > 0 else {
      return CommandLine.arguments.map { Array($0.utf8) }
    }
    return (0..<Int(klp_process_argc())).compactMap { i in
      argv[i].map { pointer in
        Array(
          UnsafeBufferPointer(
            start: UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self),
            count: strlen(pointer)))
      }
    }
  }()

  /// The arguments after `argv[0]`, for the argument parser (see `carrying`).
  public static var forParser: [String] { bytes.dropFirst().map(carrying) }

  /// The first scalar that stands for a byte (`carrying`).
  static let byteScalarBase: UInt32 = 0x10_FF00

  /// `bytes` as text that keeps them: UTF-8 as it is, every other byte (and each byte of
  /// a scalar in the range that stands for bytes) as U+10FF00 + byte.
  public static func carrying(_ bytes: [UInt8]) -> String {
    var scalars = String.UnicodeScalarView()
    var at = 0
    while at < bytes.count {
      var parser = Unicode.UTF8.ForwardParser()
      var input = bytes[at...].makeIterator()
      switch parser.parseScalar(from: &input) {
      case .valid(let encoded):
        let scalar = Unicode.UTF8.decode(encoded)
        if scalar.value >= byteScalarBase + 0x80 {
          for byte in encoded { scalars.append(carried(byte)) }
        } else {
          scalars.append(scalar)
        }
        at += encoded.count
      case .error(let length):
        for byte in bytes[at..<at + length] { scalars.append(carried(byte)) }
        at += length
      case .emptyInput:
        at = bytes.count
      }
    }
    return String(scalars)
  }

  private static func carried(_ byte: UInt8) -> Unicode.Scalar {
    Unicode.Scalar(byteScalarBase + UInt32(byte))!
  }
}

extension FilePath {
  /// The path an argument names: its exact bytes, taken back from the text
  /// `CommandArguments.forParser` gave the parser (text that did not come from there is
  /// its UTF-8).
  public init(argument: String) {
    var bytes: [UInt8] = []
    for scalar in argument.unicodeScalars {
      let value = scalar.value
      if value >= CommandArguments.byteScalarBase + 0x80 {
        bytes.append(UInt8(truncatingIfNeeded: value - CommandArguments.byteScalarBase))
      } else {
        bytes += Array(String(scalar).utf8)
      }
    }
    self.init(bytes: bytes)
  }

  /// The path's bytes in hex when they are not UTF-8 (JSON's `pathBytes`, beside the
  /// path with such bytes replaced); nil for a UTF-8 path.
  public var hexBytesUnlessUTF8: String? {
    string == nil ? bytes.lowercaseHex : nil
  }

  /// The path a report's `pathBytes` holds, or nil when it is not even-length hex.
  public init?(hexBytes: String) {
    let digits = Array(hexBytes.utf8)
    guard digits.count % 2 == 0 else { return nil }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(digits.count / 2)
    for at in stride(from: 0, to: digits.count, by: 2) {
      guard let high = Self.nibble(digits[at]), let low = Self.nibble(digits[at + 1]) else {
        return nil
      }
      bytes.append(high << 4 | low)
    }
    self.init(bytes: bytes)
  }

  private static func nibble(_ digit: UInt8) -> UInt8? {
    switch digit {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
    default: nil
    }
  }
}
