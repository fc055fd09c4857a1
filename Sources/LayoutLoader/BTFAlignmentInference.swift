import LayoutModel

/// BTF records no `aligned(N)`. pahole (btf_loader.c, since 1.22) guesses it from the
/// gaps the compiler left, and prints the guesses; the same rule is applied here so the
/// text reads as `pahole -F btf` and re-layouts keep the gaps. Every such alignment is
/// an inference (JSON says so), never a fact from the file.
///
/// The rule, per member in order, then for the struct's end: the gap from the end of
/// the previous sized member (or 0) to this member's offset, if positive and the offset
/// is even, suggests the power of two just above the gap; if that exceeds the type's
/// natural alignment it is taken, and raised to the cacheline size when the offset is a
/// multiple of the cacheline (the usual `____cacheline_aligned`). Unions get no
/// type-level guess.
///
/// Natural alignments are cached across calls: the loader keeps one instance, and a type
/// is only asked about once it is loaded in full (by-value members are). A class: as a
/// struct stored in the loader, its cache was copied on every call (16% of a whole dump).
final class BTFAlignmentInference {
  var cachelineSize: UInt64 = 64
  /// Natural alignments by BTF id (0: not computed yet; every alignment is at least 1),
  /// grown as ids are asked about; ids synthesized later go to `otherCache`.
  /// (Exclusive access unchecked at run time, as `BTFTypeLoader`'s state: nothing here
  /// calls out while a cache is being accessed.)
  @exclusivity(unchecked) private var naturalCache: [UInt64] = []
  @exclusivity(unchecked) private var otherCache: [TypeID: UInt64] = [:]

  /// `a` with inferred member and type alignments, sizes from `table`.
  func infer(_ a: AggregateType, in table: TypeTable) -> AggregateType {
    var result = a
    var smallest: UInt64 = 0
    var largest: UInt64 = 1
    // Members are read in place, field by field: this runs for each of a kernel's
    // ten thousand structs, and copying each member copied its name.
    let members = a.members
    for i in members.indices {
      let type = members[i].type
      let natural = self.natural(type, in: table)
      largest = max(largest, natural)
      guard let size = table.size(of: type), size > 0 else { continue }
      let storage = MemberPlacement.storage(
        bitOffset: members[i].bitOffset, bitFieldSize: members[i].bitFieldSize, size: size)
      let offset = storage.byteOffset
      // Written only when there is a guess: most members have none, and the copy of
      // the members stays unmade.
      if let guessed = guess(offset: offset, natural: natural, smallest: smallest) {
        result.members[i].explicitAlignment = guessed
      } else if members[i].explicitAlignment != nil {
        result.members[i].explicitAlignment = nil
      }
      smallest = offset &+ (storage.byteSize ?? size)
    }
    // pahole prints no inferred alignment on unions (their members all start at 0).
    if let size = a.byteSize, a.kind != .union {
      result.explicitAlignment = guess(offset: size, natural: largest, smallest: smallest)
    }
    return result
  }

  private func guess(offset: UInt64, natural: UInt64, smallest: UInt64) -> UInt64? {
    guard offset > smallest, offset % 2 == 0 else { return nil }
    let gap = offset - smallest
    guard gap < 1 << 32 else { return nil }
    var alignment: UInt64 = 1
    while alignment <= gap { alignment <<= 1 }
    guard alignment > natural, alignment > 1 else { return nil }
    if alignment < cachelineSize && cachelineSize % alignment == 0 && offset % cachelineSize == 0 {
      return cachelineSize
    }
    return alignment
  }

  /// pahole's natural alignment: the type's own size for scalars, the largest of the
  /// members' for aggregates, explicit alignments ignored.
  func natural(_ id: TypeID?, in table: TypeTable) -> UInt64 {
    natural(id, table, depth: 0)
  }

  private func natural(_ id: TypeID?, _ table: TypeTable, depth: Int) -> UInt64 {
    guard let id, depth < 64 else { return 1 }
    let index = table.denseIndex(id)
    if let index, index < naturalCache.count, naturalCache[index] != 0 {
      return naturalCache[index]
    }
    if index == nil, let known = otherCache[id] { return known }
    var result: UInt64 = 1
    switch table[id] {
    case .base(_, let size, _)?, .pointer(_, let size)?: result = max(size, 1)
    case .enumeration(_, let size, _)?: result = max(size ?? 4, 1)
    case .array(let element, _)?: result = natural(element, table, depth: depth + 1)
    case .typedef(_, let target)?, .qualified(_, let target)?:
      result = natural(target, table, depth: depth + 1)
    case .aggregate(let a)?:
      for m in a.members { result = max(result, natural(m.type, table, depth: depth + 1)) }
    default: result = 1
    }
    if let index {
      if index >= naturalCache.count {
        naturalCache += Array(
          repeating: 0, count: max(index + 1, table.denseCount) - naturalCache.count)
      }
      naturalCache[index] = result
    } else {
      otherCache[id] = result
    }
    return result
  }
}
