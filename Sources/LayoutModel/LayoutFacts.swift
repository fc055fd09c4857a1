/// What laying out many types of one table needs to know about the types they hold,
/// computed once per type and shared: alignments (`Alignment`) and the tail padding of
/// struct members. Laying out each struct from scratch recomputed every nested struct's
/// whole layout, at every level, for every struct that holds it.
///
/// A class: what it holds is a function of the table, which never changes under it, so
/// sharing it is invisible. As a struct it was a dozen references (the table's buffers
/// three times over, and the memos), all taken and dropped again whenever the facts
/// were passed to an initializer (which takes its arguments owned): laying out a whole
/// kernel's BTF took 28 ms of CPU, 15 ms without those copies (with `StructLayout`
/// borrowing its type).
public final class LayoutFacts {
  public let table: TypeTable
  public let alignment: Alignment
  /// pahole's packing rules, with their natural alignments memoized.
  public let packing: PackedAttribute
  /// Tail padding of a member's type when it is a struct (0 otherwise), by type id.
  private let paddings: TypeMemo<UInt64>
  /// `TypeTable.size(of:)` by type id.
  private let sizes: TypeMemo<UInt64?>

  public init(table: TypeTable) {
    self.table = table
    self.alignment = Alignment(table: table)
    self.packing = PackedAttribute(table: table)
    self.paddings = TypeMemo(table)
    self.sizes = TypeMemo(table)
  }

  /// `sizeof` the type, as `TypeTable.size(of:)` says, asked once per type.
  public func size(of id: TypeID) -> UInt64? {
    if let known = sizes[id] { return known }
    let size = table.size(of: id)
    sizes[id] = .some(size)
    return size
  }

  /// `type` laid out, with cachelines of `cachelineSize` bytes.
  public func layout(_ type: AggregateType, cachelineSize: UInt64 = 64) -> StructLayout {
    StructLayout(type, facts: self, cachelineSize: cachelineSize)
  }

  /// The tail padding of the struct behind `id` (typedefs and qualifiers looked
  /// through); 0 for unions and everything else.
  func tailPadding(of id: TypeID) -> UInt64 {
    if let known = paddings[id] { return known }
    // 0 while it is computed: a struct that holds itself by value (only hostile input
    // does) ends here instead of recursing for ever.
    paddings[id] = 0
    var padding: UInt64 = 0
    // Laid out where the table keeps it (`withAggregate`): nested types are the
    // kernel's common ones, and a copy counted them from every thread at once.
    padding =
      table.withAggregate(id) { nested in
        nested.kind == .union ? 0 : StructLayout(nested, facts: self, cachelineSize: 64).padding
      } ?? 0
    paddings[id] = padding
    return padding
  }
}
