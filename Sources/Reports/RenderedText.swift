/// A report's text in the pieces the threads wrote it in, in order: written out piece
/// by piece (`forEachPiece`), or joined into one string (`string`) when a caller needs
/// one. A whole kernel's layouts are 6 MB: joining them only to write them out was a
/// fresh 6 MB copy, 1,500 pages faulted in on one thread while the others waited.
public struct RenderedText: Sendable {
  let pieces: [TextLines.Lines]

  /// Each piece's bytes, in order; the bytes live as long as this value.
  public func forEachPiece(_ body: (UnsafeRawBufferPointer) throws -> Void) rethrows {
    for piece in pieces where !piece.bytes.isEmpty {
      try body(UnsafeRawBufferPointer(piece.bytes))
    }
  }

  /// The whole text, made in one copy.
  public var string: String {
    let total = pieces.reduce(0) { $0 + $1.bytes.count }
    return String(unsafeUninitializedCapacity: total) { buffer in
      var at = 0
      for piece in pieces where !piece.bytes.isEmpty {
        _ = UnsafeMutableBufferPointer(rebasing: buffer[at...]).initialize(from: piece.bytes)
        at += piece.bytes.count
      }
      return at
    }
  }
}
