import LayoutModel

/// A trailing array of no elements, spelled the one way: C99's `u8 x[]` and GNU's
/// `u8 x[0]` lay out the same (nothing, at the end), DWARF says the first as an array
/// without a bound, and BTF cannot say it at all: pahole writes both as `[0]`. The
/// layouts are compared, not the encodings, so both sides get `[]` before they are.
enum ZeroLengthArrays {
  static func normalize(_ table: inout TypeTable) {
    var found: [(TypeID, CType)] = []
    table.forEachType { id, type in
      guard case .array(let element, var counts) = type, counts.first == 0 else { return }
      counts[0] = nil
      found.append((id, .array(element: element, counts: counts)))
    }
    for (id, type) in found { table[id] = type }
  }
}
