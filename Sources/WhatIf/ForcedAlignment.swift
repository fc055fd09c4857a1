import LayoutModel

/// The holes and padding that alignment attributes force: what no order of the
/// members can save (`aesni_xts_ctx`: two `aligned(16)` arrays of 484 bytes leave 12
/// bytes between them and 12 after, whichever comes first).
public struct ForcedAlignment: Sendable, Equatable {
  /// Bytes of holes in front of members aligned beyond a pointer, plus the tail
  /// padding beyond what the members' alignment without those attributes needs.
  public var bytes: UInt64
  /// The members aligned beyond a pointer, in order.
  public var alignedMembers: [String]

  /// The forced bytes of `layout` (laid out from `table`).
  public init(_ layout: StructLayout, table: TypeTable) {
    let finder = MoveFinder(table: table)
    let abi = Alignment(table: table)
    let word = max(table.abi.pointerSize, 1)
    var bytes: UInt64 = 0
    var names: [String] = []
    var natural: UInt64 = 1
    for (i, m) in layout.members.enumerated() {
      let typeAlignment = abi.alignment(of: m.type)
      guard finder.isAlignedBeyondPointer(type: m.type, explicitAlignment: m.explicitAlignment)
      else {
        natural = max(natural, m.explicitAlignment ?? typeAlignment)
        continue
      }
      natural = max(natural, min(typeAlignment, word))
      names.append(m.name ?? "<anonymous>")
      bytes &+= i == 0 ? layout.holeBefore : layout.holeAfter[i - 1]
    }
    guard layout.kind != .union else {
      self.init(bytes: 0, alignedMembers: names)
      return
    }
    let end = layout.size &- layout.padding
    let naturalPadding = Self.roundUp(end, natural) &- end
    bytes &+= layout.padding > naturalPadding ? layout.padding - naturalPadding : 0
    self.init(bytes: bytes, alignedMembers: names)
  }

  public init(bytes: UInt64, alignedMembers: [String]) {
    self.bytes = bytes
    self.alignedMembers = alignedMembers
  }

  static func roundUp(_ value: UInt64, _ multiple: UInt64) -> UInt64 {
    multiple > 1 ? (value &+ multiple &- 1) / multiple &* multiple : value
  }
}
