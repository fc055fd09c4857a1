import System

/// The fixed BTF header, checked before libbpf sees the data: libbpf 1.1.2 adds the
/// section offsets and lengths in 32 bits, so a header whose `str_off + str_len` wraps
/// around passes its check and sends it reading past the end of the buffer.
struct BTFHeader {
  static let size = 24
  var bigEndian: Bool
  var headerLength: UInt32
  var typeOffset: UInt32
  var typeLength: UInt32
  var stringOffset: UInt32
  var stringLength: UInt32

  /// Whether `bytes` starts with the BTF magic (0xeB9F) in either byte order.
  static func hasMagic(_ bytes: some Collection<UInt8>) -> Bool {
    let prefix = Array(bytes.prefix(2))
    return prefix == [0x9f, 0xeb] || prefix == [0xeb, 0x9f]
  }

  /// Reads and checks the header with 64-bit arithmetic: every section inside the data,
  /// types before strings, nothing overlapping.
  init(_ bytes: UnsafeRawBufferPointer, file: String) throws(BTFError) {
    guard bytes.count >= Self.size else {
      throw .badHeader(
        file: file, reason: "expected at least \(Self.size) bytes, found \(bytes.count)")
    }
    switch (bytes[0], bytes[1]) {
    case (0x9f, 0xeb): bigEndian = false
    case (0xeb, 0x9f): bigEndian = true
    default:
      throw .badHeader(
        file: file,
        reason:
          "expected magic 0xeb9f, found \(bytes[0...0].lowercaseHex) \(bytes[1...1].lowercaseHex)")
    }
    guard bytes[2] == 1 else {
      throw .badHeader(file: file, reason: "expected version 1, found \(bytes[2])")
    }
    let big = bigEndian
    func word(_ at: Int) -> UInt32 {
      let b = (0..<4).map { UInt32(bytes[at + $0]) }
      return big
        ? b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3] : b[3] << 24 | b[2] << 16 | b[1] << 8 | b[0]
    }
    headerLength = word(4)
    typeOffset = word(8)
    typeLength = word(12)
    stringOffset = word(16)
    stringLength = word(20)
    let total = UInt64(bytes.count)
    guard headerLength >= Self.size, UInt64(headerLength) <= total else {
      throw .badHeader(file: file, reason: "header length \(headerLength) is outside 24...\(total)")
    }
    let body = total - UInt64(headerLength)
    let typeEnd = UInt64(typeOffset) + UInt64(typeLength)
    let stringEnd = UInt64(stringOffset) + UInt64(stringLength)
    guard typeOffset % 4 == 0 else {
      throw .badHeader(
        file: file, reason: "type section offset \(typeOffset) is not 4-byte aligned")
    }
    guard typeEnd <= body else {
      throw .badHeader(
        file: file,
        reason:
          "type section \(typeOffset)+\(typeLength) ends past the data (\(body) bytes after the header)"
      )
    }
    guard stringEnd <= body else {
      throw .badHeader(
        file: file,
        reason:
          "string section \(stringOffset)+\(stringLength) ends past the data (\(body) bytes after the header)"
      )
    }
    guard typeEnd <= UInt64(stringOffset) else {
      throw .badHeader(
        file: file,
        reason:
          "type section \(typeOffset)+\(typeLength) overlaps the string section at \(stringOffset)")
    }
    guard stringLength > 0 else { throw .badHeader(file: file, reason: "empty string section") }
  }
}
