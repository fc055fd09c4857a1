/// When a struct is shown `__attribute__((__packed__))`. DWARF and BTF record no packing,
/// so it is inferred, by the rules pahole prints by (`class__infer_packed_attributes`,
/// `type__check_structs_at_unnatural_alignments`, `union__infer_packed_attributes` in
/// dwarves.c), so that the text reads the same, and by the layout itself where those
/// rules demonstrably miss (docs/parity.md: `packedInferenceGivesUpOnPadding`).
///
/// pahole's rules use a *natural* alignment that ignores packing and `aligned(N)`: a
/// struct's is the largest of its members', through nested structs, scalars their size.
/// A struct whose layout is the same packed or not may go either way in C; pahole's
/// rules decide those, and the layout decides the rest.
public struct PackedAttribute {
  public let table: TypeTable
  /// Natural alignments by type id, shared by copies (`LayoutFacts` holds one).
  private let natural: TypeMemo<UInt64>

  public init(table: TypeTable) {
    self.table = table
    self.natural = TypeMemo(table)
  }

  /// pahole's own-layout rule: a struct without holes or tail padding is packed when a
  /// member sits off its natural alignment, when its size is not a multiple of the
  /// largest natural alignment, or when `DW_AT_alignment` says 1 although members need
  /// more. A struct with holes or padding is never packed by this rule.
  ///
  /// Given the layout's parts, not the layout: `StructLayout`'s initializer asks, and
  /// handing it the layout being made copied the whole of it.
  public func ownLayoutSaysPacked(
    kind: AggregateKind, holesOrPadding: Bool, members: [MemberPlacement], size: UInt64,
    explicitAlignment: UInt64?
  ) -> Bool {
    guard kind != .union, !holesOrPadding else { return false }
    var largest: UInt64 = 1
    for i in members.indices {
      let align = naturalAlignment(of: members[i].type)
      if align == 1 { continue }
      largest = max(largest, align)
      if members[i].byteOffset % align != 0 { return true }
    }
    return (largest != 1 && explicitAlignment == 1) || size % largest != 0
  }

  /// pahole's natural alignment of a type (typedefs and qualifiers see through).
  public func naturalAlignment(of id: TypeID?) -> UInt64 {
    naturalAlignment(of: id, depth: 0)
  }

  private func naturalAlignment(of id: TypeID?, depth: Int) -> UInt64 {
    guard depth < TypeTable.maxWalkDepth, let id = table.resolvedID(id) else { return 1 }
    // Memoized: a struct of two structs of two structs… asks for each type once. Only
    // structs and unions are kept, so a kept answer is one.
    if let known = natural[id] { return known }
    // Read in place (`TypeTable.withType`): asked for every member of every struct.
    // What the type leads to is walked after the read, not inside it (a closure that
    // recursed was not inlined, and the type lent to it was copied).
    let next: NaturalStep = table.withType(id) { type in
      switch type.pointee {
      case .base(_, let size, _)?, .pointer(_, let size)?: return .known(scalar(size))
      case .enumeration(_, let size, _)?: return .known(scalar(size ?? 4))
      case .array(let element, _)?: return .element(element)
      case .aggregate?: return .members
      default: return .known(1)
      }
    }
    switch next {
    case .known(let alignment): return alignment
    case .element(let element): return naturalAlignment(of: element, depth: depth + 1)
    case .members:
      natural[id] = 1  // a struct that holds itself (hostile input) ends here
      var largest: UInt64 = 1
      for member in table.memberTypes(of: id) {
        largest = max(largest, naturalAlignment(of: member, depth: depth + 1))
      }
      natural[id] = largest
      return largest
    }
  }

  /// What a natural alignment is, or where it comes from.
  private enum NaturalStep {
    case known(UInt64)
    case element(TypeID)
    case members
  }

  /// A scalar's alignment under the target's ABI (i386 caps `long long` at 4, where
  /// pahole says 8: docs/parity.md, `i386LongLongAlignment`).
  private func scalar(_ size: UInt64) -> UInt64 {
    guard size > 0 else { return 1 }
    var power: UInt64 = 1
    while power * 2 <= size && power < 1 << 16 { power *= 2 }
    return min(power, table.abi.maxScalarAlignment)
  }
}

extension TypeTable {
  /// Marks the structs that the structs and unions holding them show to be packed
  /// (`AggregateType.packedByPlacement`):
  /// - a struct with holes or tail padding (so not packed itself) that holds a struct
  ///   at an offset that is not a multiple of that struct's alignment: only packing
  ///   puts it there (`struct ceph_entity_addr` inside `struct ceph_messenger`);
  /// - a union whose size is not a multiple of a member struct's alignment: an array
  ///   of the union would misalign it otherwise.
  /// pahole marks the same, but only in types it happens to have printed already (so
  /// what it prints depends on order), and by natural alignment, which ignores that a
  /// nested struct is packed: `struct e { int a; struct p q; }` with a packed `struct p`
  /// holding a `u64` is 4-aligned, and at offset 4 in a holder it is not packed, though
  /// its natural alignment says 8. Here every holder counts, by the alignment the layout
  /// shows. A mark lowers the
  /// marked struct's alignment and so its holders': the marks are found a second time
  /// with the first ones in place. Each type id is marked by the holders that refer to
  /// it, which in DWARF are those of its own unit.
  /// Each holder is looked at on its own, so `work` may spread them over threads.
  public mutating func inferPackingFromPlacement(on work: some ChunkMapping = SerialChunks()) {
    let (first, existing) = packedByPlacement(on: work)
    if first.isEmpty && existing.isEmpty { return }
    setPackedByPlacement(first, replacing: existing)
    setPackedByPlacement(packedByPlacement(on: work).marks, replacing: first)
  }

  /// The structs this table's holders show packed, and those marked already. Each
  /// holder is looked at on its own: in chunks, each with memos of its own.
  private func packedByPlacement(
    on work: some ChunkMapping
  ) -> (marks: Set<TypeID>, existing: Set<TypeID>) {
    let ids = allIDs
    let table = self
    let found = work.map(chunksOf: ids.count, state: { HolderScan(table: table) }) {
      scan, range in
      var marks: [TypeID] = []
      var existing: [TypeID] = []
      for holderID in ids[range] {
        // Told apart in place first (`withType`): most ids hold no struct or union.
        let isHolder = table.withType(holderID) { type in
          if case .aggregate(let a)? = type.pointee { return !a.isDeclaration }
          return false
        }
        guard isHolder else { continue }
        let (marked, candidates) = scan.packedByPlacement(ofHolder: holderID)
        if marked { existing.append(holderID) }
        marks += candidates
      }
      return (marks: marks, existing: existing)
    }
    var marks = Set<TypeID>()
    var existing = Set<TypeID>()
    for chunk in found {
      marks.formUnion(chunk.marks)
      existing.formUnion(chunk.existing)
    }
    return (marks, existing)
  }

  /// Sets the mark on `marks` and clears it on the rest of `old`.
  private mutating func setPackedByPlacement(_ marks: Set<TypeID>, replacing old: Set<TypeID>) {
    for id in marks.symmetricDifference(old) {
      guard case .aggregate(var a)? = self[id] else { continue }
      a.packedByPlacement = marks.contains(id)
      self[id] = .aggregate(a)
    }
  }
}

/// One thread's view of the holders of a table for `inferPackingFromPlacement`.
private struct HolderScan {
  let table: TypeTable
  let facts: LayoutFacts
  /// Each held struct's alignment without its own mark, once per struct (a kernel's
  /// `list_head` is held 5,000 times); 0 for what is not a struct held by value.
  let alignments: TypeMemo<UInt64>

  init(table: TypeTable) {
    self.table = table
    self.facts = LayoutFacts(table: table)
    self.alignments = TypeMemo(table)
  }

  /// Whether the struct or union `id` is marked already, and the structs it shows
  /// packed: read where the table keeps it (a copy was counted, its box, name and
  /// members, from each thread on objects the other made).
  func packedByPlacement(ofHolder id: TypeID) -> (marked: Bool, candidates: [TypeID]) {
    table.withType(id) { type in
      guard case .aggregate(let holder)? = type.pointee else { return (false, []) }
      return (holder.packedByPlacement, packedByPlacement(in: holder))
    }
  }

  /// The structs `holder` shows packed by where it places them.
  func packedByPlacement(in holder: borrowing AggregateType) -> [TypeID] {
    var candidates: [TypeID] = []
    // Field by field: a member copied out counts its name.
    for i in holder.members.indices where !holder.members[i].isBitField {
      guard let id = table.resolvedID(holder.members[i].type) else { continue }
      let align = heldAlignment(id)
      guard align > 0 else { continue }
      if holder.kind == .union {
        if (holder.byteSize ?? 0) % align != 0 { candidates.append(id) }
      } else if (holder.members[i].bitOffset / 8) % align != 0 {
        candidates.append(id)
      }
    }
    guard !candidates.isEmpty else { return [] }
    if holder.kind != .union {
      let layout = facts.layout(holder)
      guard layout.holeCount > 0 || layout.padding > 0 else { return [] }
    }
    return candidates
  }

  private func heldAlignment(_ id: TypeID) -> UInt64 {
    if let known = alignments[id] { return known }
    // Read in place, the struct's own mark set aside without a copy of it.
    let align: UInt64 = table.withType(id) { type in
      guard case .aggregate(let inner)? = type.pointee, inner.kind != .union, !inner.isDeclaration
      else { return 0 }
      return max(facts.alignment.alignment(ofAggregate: inner, ignoringPlacementMark: true), 1)
    }
    alignments[id] = align
    return align
  }
}
