internal import CElfutils

/// Decompression of zstd data with libzstd: Debian's elfutils 0.188 was built without
/// zstd, so `.ko.zst` files and `ELFCOMPRESS_ZSTD` sections are decompressed here.
enum Zstd {
  /// The zstd frame magic, little-endian 0xFD2FB528.
  static let magic: [UInt8] = [0x28, 0xb5, 0x2f, 0xfd]

  /// Decompresses every frame of `input`, refusing output above `limit` bytes.
  static func decompress(
    _ input: UnsafeRawBufferPointer, limit: UInt64, file: String, what: String
  ) throws(ElfDwarfError) -> [UInt8] {
    guard let stream = ZSTD_createDStream() else {
      throw .decompression(file: file, what: what, reason: "ZSTD_createDStream failed")
    }
    defer { ZSTD_freeDStream(stream) }
    var output: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    var inBuffer = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
    var result = 0
    var produced = 0
    // Go on while input remains, or while the last call filled the chunk: zstd may
    // still hold decompressed bytes after consuming the last input byte.
    repeat {
      (result, produced) = chunk.withUnsafeMutableBytes { out in
        var outBuffer = ZSTD_outBuffer(dst: out.baseAddress, size: out.count, pos: 0)
        let r = ZSTD_decompressStream(stream, &outBuffer, &inBuffer)
        return (r, outBuffer.pos)
      }
      if ZSTD_isError(result) != 0 {
        throw .decompression(file: file, what: what, reason: String(cString: ZSTD_getErrorName(result)))
      }
      guard UInt64(output.count) + UInt64(produced) <= limit else {
        throw .tooLarge(file: file, what: "decompressed \(what)", size: UInt64(output.count + produced), limit: limit)
      }
      output.append(contentsOf: chunk[..<produced])
    } while inBuffer.pos < inBuffer.size || produced == chunk.count
    // A non-zero hint means the frame wants more input than the file holds.
    guard result == 0 else {
      throw .decompression(file: file, what: what, reason: "truncated zstd frame")
    }
    return output
  }
}
