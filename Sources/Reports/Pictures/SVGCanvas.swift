/// Geometry shared by every layout picture: one scale for the whole picture, a row per
/// cacheline, and numbers written the same way on every machine (so pictures can be
/// golden files).
struct PictureGeometry {
  /// Where byte 0 of a row is drawn, and how wide a full cacheline is.
  static let originX = 76.0
  static let rowWidth = 768.0
  static let rowHeight = 44.0
  static let rowGap = 8.0
  static let rightMargin = 24.0
  static var width: Double { originX + rowWidth + rightMargin }

  let cachelineSize: UInt64
  /// Pixels per byte.
  var scale: Double { Self.rowWidth / Double(max(cachelineSize, 1)) }

  /// The part of `[start, end)` (in bytes, fractional for bit fields) that falls in
  /// each cacheline row, and whether it was cut at its start or end.
  /// Rows past `lastRow` are not drawn (a picture has at most `LayoutSVG.maxRows`).
  func pieces(start: Double, end: Double, lastRow: UInt64) -> [Piece] {
    let line = Double(max(cachelineSize, 1))
    let first = (start / line).rounded(.down)
    // Never convert a number from a file that does not fit: such bytes are not drawn.
    guard first.isFinite, first >= 0, first <= Double(lastRow) else { return [] }
    if end <= start {
      // An empty member (a flexible array) is drawn as a mark where it starts.
      let row = UInt64(first)
      return [
        Piece(
          row: row, start: start - Double(row) * line, end: start - Double(row) * line,
          cutStart: false, cutEnd: false)
      ]
    }
    var result: [Piece] = []
    var row = UInt64(first)
    while row <= lastRow && Double(row) * line < end {
      let rowStart = Double(row) * line
      let s = max(start, rowStart)
      let e = min(end, rowStart + line)
      if e > s {
        result.append(
          Piece(
            row: row, start: s - rowStart, end: e - rowStart, cutStart: s > start, cutEnd: e < end))
      }
      row += 1
    }
    return result
  }

  struct Piece {
    var row: UInt64
    /// Bytes from the row's start.
    var start: Double
    var end: Double
    var cutStart: Bool
    var cutEnd: Bool
  }

  func x(_ bytesIntoRow: Double) -> Double { Self.originX + bytesIntoRow * scale }
}

/// A number as SVG wants it: integers plainly, others with at most three decimals.
func svgNumber(_ value: Double) -> String {
  // Coordinates are bounded by construction; clamp anyway, so no conversion can trap.
  let bounded = value.isFinite ? min(max(value, -1e12), 1e12) : 0
  let rounded = (bounded * 1000).rounded() / 1000
  if rounded == rounded.rounded() { return String(Int64(rounded)) }
  var text = String(Int64((rounded * 1000).rounded()))
  let negative = text.hasPrefix("-")
  if negative { text.removeFirst() }
  while text.count < 4 { text = "0" + text }
  var fraction = String(text.suffix(3))
  while fraction.hasSuffix("0") { fraction.removeLast() }
  return (negative ? "-" : "") + text.dropLast(3) + "." + fraction
}
