import LayoutModel

/// Where two initial contents of one variable differ, as objtool's klp-diff tells
/// changed data (tools/objtool/klp-checksum.c `checksum_update_object()`, klp-diff.c
/// `mark_changed_functions()`): its size, its bytes, and each relocation inside it by
/// offset and resolved target. An object without stored bytes (`.bss`) reads as zeros:
/// one that moved to `.data` keeping a zero value is not changed, one given a value is.
extension DataContents {
  /// The first offset (from the object's start) at which `other` differs; nil when the
  /// two are the same.
  func firstDifference(from other: DataContents) -> UInt64? {
    let common = Swift.min(size, other.size)
    var first: UInt64? = size == other.size ? nil : common
    if let byte = firstDifferentByte(from: other, below: common) { first = byte }
    if let reference = firstDifferentReference(from: other), reference < (first ?? .max) {
      first = reference
    }
    return first
  }

  private func firstDifferentByte(from other: DataContents, below end: UInt64) -> UInt64? {
    if bytes == nil && other.bytes == nil { return nil }
    if let a = bytes, let b = other.bytes, a.count == b.count, UInt64(a.count) == end, a == b {
      return nil
    }
    var offset: UInt64 = 0
    while offset < end {
      if byte(at: offset) != other.byte(at: offset) { return offset }
      offset += 1
    }
    return nil
  }

  private func firstDifferentReference(from other: DataContents) -> UInt64? {
    let mine = compared.sorted { $0.offset < $1.offset }
    let theirs = other.compared.sorted { $0.offset < $1.offset }
    for (a, b) in zip(mine, theirs) where a != b { return Swift.min(a.offset, b.offset) }
    if mine.count != theirs.count {
      return (mine.count > theirs.count ? mine : theirs)[Swift.min(mine.count, theirs.count)].offset
    }
    return nil
  }
}
