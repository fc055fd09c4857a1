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
    inferred(a, in: table) ?? a
  }

  /// The same, nil when the inference changes nothing (so for most structs): a whole
  /// file's structs are inferred after they are built (`loadInParallel`), and only the
  /// ones that changed are stored again.
  func inferred(_ a: borrowing AggregateType, in table: TypeTable) -> AggregateType? {
    var smallest: UInt64 = 0
    var largest: UInt64 = 1
    // The members whose alignment changes, and to what: most have none, and the copy
    // of the members stays unmade. Read in place, field by field (a member copied out
    // copies its name).
    var changes: [(index: Int, alignment: UInt64?)] = []
    for i in a.members.indices {
      let type = a.members[i].type
      let natural = self.natural(type, in: table)
      largest = max(largest, natural)
      guard let size = table.size(of: type), size > 0 else { continue }
      let storage = MemberPlacement.storage(
        bitOffset: a.members[i].bitOffset, bitFieldSize: a.members[i].bitFieldSize, size: size)
      let offset = storage.byteOffset
      let guessed = guess(offset: offset, natural: natural, smallest: smallest)
      if guessed != a.members[i].explicitAlignment { changes.append((i, guessed)) }
      smallest = offset &+ (storage.byteSize ?? size)
    }
    // pahole prints no inferred alignment on unions (their members all start at 0).
    var explicitAlignment = a.explicitAlignment
    if let size = a.byteSize, a.kind != .union {
      explicitAlignment = guess(offset: size, natural: largest, smallest: smallest)
    }
    guard !changes.isEmpty || explicitAlignment != a.explicitAlignment else { return nil }
    var result = copy a
    for change in changes { result.members[change.index].explicitAlignment = change.alignment }
    result.explicitAlignment = explicitAlignment
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
    // Read in place, and walked on after the read (a closure that recursed was not
    // inlined, and the type lent to it was copied: counted from each thread at once).
    let next: NaturalStep = table.withType(id) { type in
      switch type.pointee {
      case .base(_, let size, _)?, .pointer(_, let size)?: return .known(max(size, 1))
      case .enumeration(_, let size, _)?: return .known(max(size ?? 4, 1))
      case .array(let element, _)?: return .through(element)
      case .typedef(_, let target)?, .qualified(_, let target)?: return .through(target)
      case .aggregate?: return .members
      default: return .known(1)
      }
    }
    var result: UInt64 = 1
    switch next {
    case .known(let alignment): result = alignment
    case .through(let target): result = natural(target, table, depth: depth + 1)
    case .members:
      for member in table.memberTypes(of: id) {
        result = max(result, natural(member, table, depth: depth + 1))
      }
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

  /// What a natural alignment is, or where it comes from.
  private enum NaturalStep {
    case known(UInt64)
    case through(TypeID?)
    case members
  }
}
