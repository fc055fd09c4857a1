/// A report's text: one string, or the pieces the threads wrote it in, in order. Written
/// out piece by piece (`forEachPiece`), or joined into one string (`string`) when a
/// caller needs one. A whole kernel's layouts are 6 MB: joining them only to write them
/// out was a fresh 6 MB copy, 1,500 pages faulted in on one thread while the others
/// waited.
public struct RenderedText {
  private enum Storage {
    case string(String)
    case pieces([TextLines.Lines])
  }

  private let storage: Storage

  init(_ text: String) { storage = .string(text) }

  init(pieces: [TextLines.Lines]) { storage = .pieces(pieces) }

  /// Each piece's bytes, in order; the bytes live as long as this value.
  public func forEachPiece(_ body: (UnsafeRawBufferPointer) throws -> Void) rethrows {
    switch storage {
    case .string(var text):
      // Written from the string's own UTF-8 storage, not a copy of it.
      try text.withUTF8 { try body(UnsafeRawBufferPointer($0)) }
    case .pieces(let pieces):
      for piece in pieces where !piece.bytes.isEmpty {
        try body(UnsafeRawBufferPointer(piece.bytes))
      }
    }
  }

  /// The whole text, made in one copy (none for a single string).
  public var string: String {
    switch storage {
    case .string(let text): return text
    case .pieces(let pieces): return Self.joined(pieces)
    }
  }

  private static func joined(_ pieces: [TextLines.Lines]) -> String {
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
