/// The target ABI facts that decide natural alignment, taken from the file: the pointer
/// width, and the cap on scalar alignment (i386 aligns `long long` and `double` to 4
/// inside structs; most targets align every scalar to its size).
public struct TargetABI: Hashable, Sendable, Codable {
  public var pointerSize: UInt64
  public var maxScalarAlignment: UInt64

  public init(pointerSize: UInt64, maxScalarAlignment: UInt64) {
    self.pointerSize = pointerSize
    self.maxScalarAlignment = maxScalarAlignment
  }

  /// The rules of the ELF `e_machine` given, with `pointerSize` from the ELF class.
  public init(machine: String, pointerSize: UInt64) {
    self.pointerSize = pointerSize
    self.maxScalarAlignment = machine == "i386" ? 4 : 16
  }
}

/// Natural alignment of types under a `TargetABI`, and packed-ness inferred from where
/// the compiler put members (DWARF has no attribute for `__attribute__((packed))`).
public struct Alignment {
  public let table: TypeTable
  /// Each type's alignment once computed: nested members are asked about from every
  /// struct that holds them.
  private let memo: TypeMemo<UInt64>

  public init(table: TypeTable) {
    self.table = table
    self.memo = TypeMemo(table)
  }

  /// The alignment a member of this type gets by default.
  public func alignment(of id: TypeID?) -> UInt64 {
    alignment(of: id, depth: 0)
  }

  private func alignment(of id: TypeID?, depth: Int) -> UInt64 {
    if let id, let known = memo[id] { return known }
    let result = computeAlignment(of: id, depth: depth)
    if let id { memo[id] = result }
    return result
  }

  private func computeAlignment(of id: TypeID?, depth: Int) -> UInt64 {
    guard depth < TypeTable.maxWalkDepth, let id = table.resolvedID(id) else { return 1 }
    // Read in place (`TypeTable.withType`), and an element walked after the read: a
    // type copied out of the table is counted, from every thread at once for the
    // kernel's common types.
    let element: TypeID? = table.withType(id) { type in
      if case .array(let element, _)? = type.pointee { return element }
      return nil
    }
    if let element { return alignment(of: element, depth: depth + 1) }
    return table.withType(id) { type in
      switch type.pointee {
      case nil, .void?, .function?, .unknown?, .typedef?, .qualified?, .array?: return 1
      case .base(_, let size, _)?, .pointer(_, let size)?: return scalar(size)
      case .enumeration(_, let size, _)?: return scalar(size ?? 4)
      case .aggregate(let a)?: return alignment(ofAggregate: a, depth: depth + 1)
      }
    }
  }

  /// The alignment of a struct or union: `DW_AT_alignment` if given, 1 if packed,
  /// otherwise the largest member alignment.
  /// The same, as though `a` were not marked packed by where its holders put it
  /// (`ignoringPlacementMark`): what `inferPackingFromPlacement` holds the holders to.
  public func alignment(
    ofAggregate a: borrowing AggregateType, ignoringPlacementMark: Bool = false
  ) -> UInt64 {
    alignment(ofAggregate: a, depth: 0, ignoringPlacementMark: ignoringPlacementMark)
  }

  private func alignment(
    ofAggregate a: borrowing AggregateType, depth: Int, ignoringPlacementMark: Bool = false
  ) -> UInt64 {
    let (natural, packed) = naturalAlignment(
      a, depth: depth, ignoringPlacementMark: ignoringPlacementMark)
    if let explicit = a.explicitAlignment { return max(explicit, packed ? 1 : natural) }
    return packed ? 1 : natural
  }

  /// Whether some member sits off its natural alignment, or the size is not a multiple
  /// of the alignment the members would give: the marks `packed` leaves in DWARF.
  public func isPacked(_ a: borrowing AggregateType) -> Bool {
    naturalAlignment(a, depth: 0).packed
  }

  /// The largest member alignment and whether the layout shows packing, in one pass
  /// that asks each member's alignment once: asking twice per level made nested
  /// structs exponential (200 levels of nesting never finished).
  private func naturalAlignment(
    _ a: borrowing AggregateType, depth: Int, ignoringPlacementMark: Bool = false
  ) -> (natural: UInt64, packed: Bool) {
    guard depth < TypeTable.maxWalkDepth else { return (1, false) }
    var natural: UInt64 = 1
    var packed = false
    // Field by field: a member copied out counts its name.
    for i in a.members.indices {
      let offset = a.members[i].bitOffset
      let align =
        a.members[i].explicitAlignment ?? alignment(of: a.members[i].type, depth: depth + 1)
      natural = max(natural, align)
      if !a.members[i].isBitField && (offset % 8 != 0 || (offset / 8) % max(align, 1) != 0) {
        packed = true
      }
    }
    if a.packedByPlacement && !ignoringPlacementMark { packed = true }
    guard let size = a.byteSize else { return (natural, packed) }
    let required = a.explicitAlignment.map { max($0, natural) } ?? natural
    return (natural, packed || size % max(required, 1) != 0)
  }

  private func scalar(_ size: UInt64) -> UInt64 {
    guard size > 0 else { return 1 }
    var power: UInt64 = 1
    while power * 2 <= size && power < 1 << 16 { power *= 2 }
    return min(power, table.abi.maxScalarAlignment)
  }
}
