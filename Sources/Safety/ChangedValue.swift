import LayoutModel

/// Where a variable's initial contents first differ, as C names it, and the value
/// there on each side: the whole variable for a scalar or pointer, the first differing
/// element of an array (a `char` array shown whole, as the string it holds), the member
/// of a struct or union (bit fields by their bits), recursively.
struct ChangedValue {
  /// `[3]`, `.timeout`, `[1].read`; nil for the variable itself.
  var at: String?
  var old: String
  var new: String

  /// Deeper than this, nested arrays and members are shown as bytes.
  static let maxDepth = 16

  /// The change of a variable of `type` (nil: no DWARF says) from `old` to `new`.
  init(type: TypeID?, table: TypeTable, old: DataContents, new: DataContents, bigEndian: Bool) {
    let locator = Locator(table: table, old: old, new: new, bigEndian: bigEndian)
    let leaf = locator.leaf(of: type, at: 0, path: "", depth: 0)
    at = leaf.path.isEmpty ? nil : leaf.path
    self.old = leaf.value(old, bigEndian)
    self.new = leaf.value(new, bigEndian)
  }

  /// What is printed on each side: a value of some type at some offset.
  struct Leaf {
    var path: String
    var value: (DataContents, Bool) -> String
  }

  /// Walks the patched build's type down to the innermost part that differs.
  struct Locator {
    let table: TypeTable
    let old: DataContents
    let new: DataContents
    let bigEndian: Bool

    func leaf(of type: TypeID?, at base: UInt64, path: String, depth: Int) -> Leaf {
      let size = table.size(of: type) ?? Swift.max(old.size, new.size) &- base
      guard depth < ChangedValue.maxDepth, let type, let resolved = table.resolved(type) else {
        return bytesLeaf(base, size, path: path)
      }
      switch resolved {
      case .aggregate(let a):
        return member(of: a, at: base, path: path, depth: depth)
          ?? bytesLeaf(base, size, path: path)
      case .array(let element, let counts):
        return arrayElement(element, counts[...], at: base, path: path, depth: depth)
          ?? bytesLeaf(base, size, path: path)
      case .base(let name, let width, let encoding):
        return Leaf(path: path) { c, big in
          Scalars.text(c, at: base, width: width, encoding: encoding, name: name, bigEndian: big)
        }
      case .enumeration(_, let width, let enumerators):
        return Leaf(path: path) { c, big in
          Scalars.enumText(c, at: base, width: width ?? 4, enumerators: enumerators, bigEndian: big)
        }
      case .pointer(_, let width):
        return Leaf(path: path) { c, big in
          Scalars.pointerText(c, at: base, width: width, bigEndian: big)
        }
      default:
        return bytesLeaf(base, size, path: path)
      }
    }

    /// The first member (in order) whose bits differ.
    private func member(of a: AggregateType, at base: UInt64, path: String, depth: Int) -> Leaf? {
      for m in a.members {
        let here = path + (m.name.map { "." + $0 } ?? "")
        if let bits = m.bitFieldSize {
          let first = base &* 8 &+ m.bitOffset
          let signed = table.resolved(m.type).map(Scalars.isSigned) ?? false
          let read = { (c: DataContents, big: Bool) in
            Scalars.bitField(c, firstBit: first, width: bits, signed: signed, bigEndian: big)
          }
          if read(old, bigEndian) != read(new, bigEndian) {
            return Leaf(path: here) { c, big in read(c, big).map(String.init) ?? "?" }
          }
          continue
        }
        let start = base &+ m.byteOffset
        let size = table.size(of: m.type) ?? 0
        if differs(from: start, to: start &+ size) {
          return leaf(of: m.type, at: start, path: here, depth: depth + 1)
        }
      }
      return nil
    }

    /// The first differing element; a one-dimensional `char` array as its string.
    private func arrayElement(
      _ element: TypeID, _ counts: ArraySlice<UInt64?>, at base: UInt64, path: String, depth: Int
    ) -> Leaf? {
      guard let count = counts.first ?? nil, count > 0, let elementSize = table.size(of: element)
      else { return nil }
      let stride = counts.dropFirst().reduce(elementSize) { $0 &* ($1 ?? 0) }
      guard stride > 0, let first = firstDifference(from: base, to: base &+ stride &* count) else {
        return nil
      }
      let index = (first &- base) / stride
      let here = path + "[\(index)]"
      if counts.count == 1, elementSize == 1, Scalars.isCharacter(table.resolved(element)) {
        return Leaf(path: here) { c, _ in Scalars.quoted(c, from: base, count: count) }
      }
      let start = base &+ index &* stride
      if counts.count > 1 {
        return arrayElement(element, counts.dropFirst(), at: start, path: here, depth: depth + 1)
      }
      return leaf(of: element, at: start, path: here, depth: depth + 1)
    }

    private func bytesLeaf(_ base: UInt64, _ size: UInt64, path: String) -> Leaf {
      let from = firstDifference(from: base, to: base &+ Swift.max(size, 1)) ?? base
      let suffix = from == base ? "" : "+\(from &- base)"
      return Leaf(path: path + suffix) { c, _ in Scalars.bytesText(c, at: from) }
    }

    private static func byOffset(
      _ c: DataContents, _ start: UInt64, _ end: UInt64
    ) -> [UInt64: DataReference.Target] {
      var result: [UInt64: DataReference.Target] = [:]
      for r in c.compared where r.offset >= start && r.offset < end && result[r.offset] == nil {
        result[r.offset] = r.target
      }
      return result
    }

    private func differs(from start: UInt64, to end: UInt64) -> Bool {
      firstDifference(from: start, to: end) != nil
    }

    /// The first offset in `start..<end` where a byte or a relocation differs.
    func firstDifference(from start: UInt64, to end: UInt64) -> UInt64? {
      var first: UInt64? = nil
      let olds = Self.byOffset(old, start, end)
      let news = Self.byOffset(new, start, end)
      for offset in Set(olds.keys).union(news.keys) where olds[offset] != news[offset] {
        first = Swift.min(first ?? offset, offset)
      }
      var offset = start
      while offset < Swift.min(end, first ?? end) {
        if old.byte(at: offset) != new.byte(at: offset) { return offset }
        offset &+= 1
      }
      return first
    }
  }
}
