/// Which cacheline rows of a picture are drawn. A run of rows wholly inside one hole or
/// the tail padding is drawn as one short band that says how much is left out: a
/// page-aligned member's 4 KB hole would otherwise be 64 rows of hatching (and with the
/// proposal beside it, a page of hundreds of kilobytes).
struct RowPlan {
  /// A run of rows not drawn: the rows, and the hole or padding they are inside.
  struct Elision {
    var first: UInt64
    var last: UInt64
    var span: LayoutPicture.Span
    var what: String
    var rows: UInt64 { last - first + 1 }
  }

  var elisions: [Elision] = []

  /// Runs shorter than this are drawn: they read at a glance.
  static let shortestElided: UInt64 = 4
  /// The band drawn in place of a run.
  static let bandHeight = 22.0

  /// Nothing left out.
  static let none = RowPlan()

  /// The runs of whole rows inside `picture`'s holes and padding, up to `lastRow`.
  init(_ picture: LayoutPicture, cachelineSize: UInt64, lastRow: UInt64) {
    let line = max(cachelineSize, 1)
    let gaps =
      picture.holes.map { ($0, "hole") } + (picture.padding.map { [($0, "padding")] } ?? [])
    for (span, what) in gaps {
      let first = (span.offset &+ line &- 1) / line
      let end = span.offset &+ span.size
      guard end > span.offset, end / line > first else { continue }
      let last = min(end / line - 1, lastRow)
      guard last >= first, last - first + 1 >= Self.shortestElided else { continue }
      elisions.append(Elision(first: first, last: last, span: span, what: what))
    }
    elisions.sort { $0.first < $1.first }
  }

  private init() {}

  func isDrawn(_ row: UInt64) -> Bool { !elisions.contains { $0.first <= row && row <= $0.last } }

  /// How far below the first row's top `row` is drawn: the rows drawn before it and a
  /// band for each run left out before it (for a run's first row: where its band goes).
  func offset(of row: UInt64, step: Double) -> Double {
    var skipped: UInt64 = 0
    var bands = 0.0
    for e in elisions where e.last < row {
      skipped &+= e.rows
      bands += 1
    }
    return Double(row &- skipped) * step + bands * (Self.bandHeight + 8)
  }

  /// The height of `rows` rows with the runs left out.
  func height(rows: UInt64, step: Double) -> Double { offset(of: rows, step: step) }
}
