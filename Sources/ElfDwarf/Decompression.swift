import System
internal import CElfutils

/// Streaming decompression under a cap, with the compression libraries themselves
/// (liblzma, zlib, libbz2, libzstd). Output grows as the stream produces it, so a
/// declared size (gzip's ISIZE, a zstd frame header) never decides an allocation, and a
/// bomb stops at the cap instead of at the end of memory.
enum Decompression {
  /// Input is read and fed in slices of this size.
  static let chunk = 1 << 20

  /// Decompresses the whole of `input` (read from offset 0), the output reserved from
  /// `limits.budget` as it grows (the reservation holds it until released).
  static func file(
    _ input: InputFile, as format: Compression, limit: UInt64, limits: ReadLimits = .standard
  ) throws(ElfDwarfError) -> (bytes: [UInt8], reservation: MemoryBudget.Reservation) {
    let path = input.path.description
    var decoder = try Decoder(format, path: path)
    defer { decoder.end() }
    var output = Output(
      limit: limit, path: path, format: format,
      reservation: try ReadingCost.reserve(
        0, for: "decompressing the file", path: path, limits: limits))
    var buffer = [UInt8](repeating: 0, count: chunk)
    var offset: UInt64 = 0
    var finished = false
    while !finished {
      let n: Int
      do {
        n = try buffer.withUnsafeMutableBytes { raw in
          Result { () throws(Errno) in try input.descriptor.read(at: offset, into: raw) }
        }.get()
      } catch { throw .input(.unreadable(path: input.path, reason: error)) }
      offset += UInt64(n)
      let slice = buffer.withUnsafeBytes { UnsafeRawBufferPointer(rebasing: $0[..<n]) }
      finished = try decoder.feed(slice, last: n == 0, into: &output)
      if n == 0 && !finished {
        throw .decompression(
          file: path, what: "the file",
          reason: "truncated \(format.rawValue) stream (ends at byte \(offset))")
      }
    }
    return (output.bytes, output.reservation!)
  }

  /// Decompresses an in-memory buffer (a fuzz input, a zstd section's payload).
  static func buffer(
    _ input: UnsafeRawBufferPointer, as format: Compression, limit: UInt64, path: String,
    what: String
  ) throws(ElfDwarfError) -> [UInt8] {
    var decoder = try Decoder(format, path: path)
    defer { decoder.end() }
    var output = Output(limit: limit, path: path, format: format, what: what)
    var start = 0
    var finished = false
    while !finished {
      let end = min(start + chunk, input.count)
      finished = try decoder.feed(
        UnsafeRawBufferPointer(rebasing: input[start..<end]), last: end == input.count,
        into: &output)
      if end == input.count && !finished {
        throw .decompression(
          file: path, what: what,
          reason: "truncated \(format.rawValue) stream (ends at byte \(end))")
      }
      start = end
    }
    return output.bytes
  }
}

/// Decompressed bytes so far, refused past the limit, and reserved from the run's
/// memory budget as they come when there is a reservation to grow.
struct Output {
  var bytes: [UInt8] = []
  let limit: UInt64
  let path: String
  let format: Compression
  var what = "the file"
  var reservation: MemoryBudget.Reservation?

  /// Appends the first `count` bytes of `scratch`.
  mutating func append(_ scratch: [UInt8], count: Int) throws(ElfDwarfError) {
    guard UInt64(bytes.count) + UInt64(count) <= limit else {
      throw .overCap(file: path, what: "decompressed \(what) (\(format.rawValue))", limit: limit)
    }
    try growIfNeeded(to: bytes.count + count)
    bytes.append(contentsOf: scratch[..<count])
  }

  /// Grows the buffer as an array would (doubling), with its reservation: the new
  /// buffer is reserved before it is allocated, and while the old one is copied into it
  /// both are held; then the old one is given back.
  private mutating func growIfNeeded(to needed: Int) throws(ElfDwarfError) {
    guard let reservation, needed > bytes.capacity else { return }
    let old = UInt64(bytes.capacity)
    let new = max(needed, bytes.capacity * 2, 1 << 16)
    do { try reservation.grow(by: UInt64(new), for: "decompressing \(what)") } catch {
      throw .outOfMemory(file: path, error)
    }
    bytes.reserveCapacity(new)
    reservation.shrink(by: old)
  }
}

/// One decompression stream of any supported format.
struct Decoder {
  private enum State {
    case xz(UnsafeMutablePointer<lzma_stream>)
    case gzip(UnsafeMutablePointer<z_stream>)
    case bzip2(UnsafeMutablePointer<bz_stream>)
    case zstd(OpaquePointer)
  }
  private let state: State
  private let path: String
  private let format: Compression
  private var scratch = [UInt8](repeating: 0, count: Decompression.chunk)
  /// zstd: whether the last call that consumed input ended a frame.
  private var zstdFrameDone = false

  init(_ format: Compression, path: String) throws(ElfDwarfError) {
    self.path = path
    self.format = format
    switch format {
    case .xz:
      let stream = UnsafeMutablePointer<lzma_stream>.allocate(capacity: 1)
      stream.initialize(to: lzma_stream())
      // Concatenated .xz streams are valid; no memory limit of liblzma's own (the
      // output cap bounds what matters, and the dictionary of a real module is small).
      guard lzma_stream_decoder(stream, UInt64.max, celfutils_lzma_concatenated()) == LZMA_OK else {
        stream.deallocate()
        throw .decompression(file: path, what: "the file", reason: "lzma_stream_decoder failed")
      }
      state = .xz(stream)
    case .gzip:
      let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
      stream.initialize(to: z_stream())
      // 16 + MAX_WBITS: a gzip header and trailer, not a raw zlib stream.
      guard
        inflateInit2_(stream, 16 + MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
          == Z_OK
      else {
        stream.deallocate()
        throw .decompression(file: path, what: "the file", reason: "inflateInit2 failed")
      }
      state = .gzip(stream)
    case .bzip2:
      let stream = UnsafeMutablePointer<bz_stream>.allocate(capacity: 1)
      stream.initialize(to: bz_stream())
      guard BZ2_bzDecompressInit(stream, 0, 0) == BZ_OK else {
        stream.deallocate()
        throw .decompression(file: path, what: "the file", reason: "BZ2_bzDecompressInit failed")
      }
      state = .bzip2(stream)
    case .zstd:
      guard let stream = ZSTD_createDStream() else {
        throw .decompression(file: path, what: "the file", reason: "ZSTD_createDStream failed")
      }
      state = .zstd(stream)
    }
  }

  func end() {
    switch state {
    case .xz(let s): lzma_end(s); s.deallocate()
    case .gzip(let s): inflateEnd(s); s.deallocate()
    case .bzip2(let s): BZ2_bzDecompressEnd(s); s.deallocate()
    case .zstd(let s): ZSTD_freeDStream(s)
    }
  }

  private func corrupt(_ detail: String) -> ElfDwarfError {
    .decompression(
      file: path, what: "the file", reason: "corrupt \(format.rawValue) stream (\(detail))")
  }

  /// Feeds one slice of input (`last` when the input has ended) and appends what comes
  /// out. Returns whether the stream has ended.
  mutating func feed(
    _ input: UnsafeRawBufferPointer, last: Bool, into output: inout Output
  ) throws(ElfDwarfError) -> Bool {
    switch state {
    case .xz(let s): return try feedXZ(s, input, last: last, &output)
    case .gzip(let s): return try feedGzip(s, input, &output)
    case .bzip2(let s): return try feedBzip2(s, input, &output)
    case .zstd(let s): return try feedZstd(s, input, last: last, &output)
    }
  }

  private mutating func feedXZ(
    _ s: UnsafeMutablePointer<lzma_stream>, _ input: UnsafeRawBufferPointer, last: Bool,
    _ output: inout Output
  ) throws(ElfDwarfError) -> Bool {
    s.pointee.next_in = input.baseAddress?.assumingMemoryBound(to: UInt8.self)
    s.pointee.avail_in = input.count
    repeat {
      let (code, produced) = scratch.withUnsafeMutableBytes { out in
        s.pointee.next_out = out.baseAddress?.assumingMemoryBound(to: UInt8.self)
        s.pointee.avail_out = out.count
        let code = lzma_code(s, last ? LZMA_FINISH : LZMA_RUN)
        return (code, out.count - s.pointee.avail_out)
      }
      try output.append(scratch, count: produced)
      switch code {
      case LZMA_STREAM_END: return true
      case LZMA_OK: continue
      case LZMA_BUF_ERROR: if produced > 0 { continue } else { return false }
      case LZMA_DATA_ERROR, LZMA_FORMAT_ERROR: throw corrupt("lzma_code: data error")
      case LZMA_MEM_ERROR:
        throw .decompression(file: path, what: "the file", reason: "out of memory")
      default: throw corrupt("lzma_code returned \(code.rawValue)")
      }
    } while s.pointee.avail_in > 0 || s.pointee.avail_out == 0
    return false
  }

  private mutating func feedGzip(
    _ s: UnsafeMutablePointer<z_stream>, _ input: UnsafeRawBufferPointer, _ output: inout Output
  ) throws(ElfDwarfError) -> Bool {
    s.pointee.next_in = UnsafeMutablePointer(
      mutating: input.baseAddress?.assumingMemoryBound(to: UInt8.self))
    s.pointee.avail_in = UInt32(input.count)
    repeat {
      let (code, produced) = scratch.withUnsafeMutableBytes { out in
        s.pointee.next_out = out.baseAddress?.assumingMemoryBound(to: UInt8.self)
        s.pointee.avail_out = UInt32(out.count)
        let code = inflate(s, Z_NO_FLUSH)
        return (code, out.count - Int(s.pointee.avail_out))
      }
      try output.append(scratch, count: produced)
      switch code {
      case Z_STREAM_END: return true
      case Z_OK: continue
      case Z_BUF_ERROR: return false
      case Z_DATA_ERROR: throw corrupt(s.pointee.msg.map { String(cString: $0) } ?? "data error")
      case Z_MEM_ERROR: throw .decompression(file: path, what: "the file", reason: "out of memory")
      default: throw corrupt("inflate returned \(code)")
      }
    } while s.pointee.avail_in > 0 || s.pointee.avail_out == 0
    return false
  }

  private mutating func feedBzip2(
    _ s: UnsafeMutablePointer<bz_stream>, _ input: UnsafeRawBufferPointer, _ output: inout Output
  ) throws(ElfDwarfError) -> Bool {
    s.pointee.next_in = UnsafeMutablePointer(
      mutating: input.baseAddress?.assumingMemoryBound(to: CChar.self))
    s.pointee.avail_in = UInt32(input.count)
    repeat {
      let (code, produced) = scratch.withUnsafeMutableBytes { out in
        s.pointee.next_out = out.baseAddress?.assumingMemoryBound(to: CChar.self)
        s.pointee.avail_out = UInt32(out.count)
        let code = BZ2_bzDecompress(s)
        return (code, out.count - Int(s.pointee.avail_out))
      }
      try output.append(scratch, count: produced)
      switch code {
      case BZ_STREAM_END: return true
      case BZ_OK: continue
      case BZ_DATA_ERROR, BZ_DATA_ERROR_MAGIC: throw corrupt("data error")
      case BZ_MEM_ERROR: throw .decompression(file: path, what: "the file", reason: "out of memory")
      default: throw corrupt("BZ2_bzDecompress returned \(code)")
      }
    } while s.pointee.avail_in > 0 || s.pointee.avail_out == 0
    return false
  }

  private mutating func feedZstd(
    _ s: OpaquePointer, _ input: UnsafeRawBufferPointer, last: Bool, _ output: inout Output
  ) throws(ElfDwarfError) -> Bool {
    // The end of input: complete only if the last frame was.
    if input.isEmpty { return last && zstdFrameDone }
    var inBuffer = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
    var hint = 1
    var produced = 0
    // zstd may still hold output after consuming the last input byte: go on while
    // the last call filled the scratch buffer.
    repeat {
      let consumedBefore = inBuffer.pos
      (hint, produced) = scratch.withUnsafeMutableBytes { out in
        var outBuffer = ZSTD_outBuffer(dst: out.baseAddress, size: out.count, pos: 0)
        let r = ZSTD_decompressStream(s, &outBuffer, &inBuffer)
        return (r, outBuffer.pos)
      }
      if ZSTD_isError(hint) != 0 { throw corrupt(String(cString: ZSTD_getErrorName(hint))) }
      try output.append(scratch, count: produced)
      // A zero hint ends a frame. A call after that which consumes nothing (the output
      // ended exactly on a scratch boundary) returns the next frame's header hint
      // without starting one; only consuming input starts the next frame.
      if hint == 0 {
        zstdFrameDone = true
      } else if inBuffer.pos > consumedBefore {
        zstdFrameDone = false
      }
    } while inBuffer.pos < inBuffer.size || produced == scratch.count
    return last && zstdFrameDone
  }
}
