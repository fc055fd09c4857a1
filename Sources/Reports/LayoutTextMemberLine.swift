import LayoutModel

/// The bytes of a member line that depend on the member's type alone: the type column
/// and the declarator around the name (`TypeNaming.template(of:)`), kept once per type
/// in a byte store with their columns counted. A whole kernel has 137,000 member lines
/// over a few thousand types; spelling each line from the type's strings (a tuple of
/// four, each counted for its columns and copied through a `String`) cost 42 M of the
/// 467 M instructions printing them took. The parts hold offsets, not strings: reading
/// them counts no references.
struct MemberLineParts {
  /// Where a run of bytes sits in the store, and the columns it takes.
  struct Span {
    var start: Int
    var count: Int
    var columns: Int
    /// Whether the bytes hold no control byte (`TextLines.hasControl`), tested once.
    var clean: Bool
  }

  var type: Span
  var before: Span
  /// After the name, with zero-length bounds spelled `[0]`, and as a flexible array
  /// member spells them, `[]` (pahole's rule, `LayoutTextRenderer.zeroLengthBounds`).
  var after: Span
  var afterFlexible: Span
}

/// The parts of each type's member lines, for one renderer on one thread (filled as it
/// goes, like the memos).
final class MemberLines {
  /// nil inside: the type has no single place for the name (spelled per member).
  private let parts: TypeMemo<MemberLineParts?>
  // Read and written once per member line, never while another access is open.
  @exclusivity(unchecked) private var store: UnsafeMutablePointer<UInt8>
  @exclusivity(unchecked) private var count = 0
  @exclusivity(unchecked) private var capacity = 4096

  init(_ table: TypeTable) {
    parts = TypeMemo(table)
    store = .allocate(capacity: capacity)
  }

  deinit { store.deallocate() }

  /// The parts of a member line of type `id`; nil when its spelling has no single
  /// place for the name.
  func parts(of id: TypeID, naming: TypeNaming) -> MemberLineParts? {
    if let known = parts[id] { return known }
    let found = naming.template(of: id).map { t in
      // The bounds at the end of the declarator are all after the name (a C identifier).
      let bounded = t.after.utf8.last == UInt8(ascii: "]")
      let after = keep(
        bounded ? LayoutTextRenderer.zeroLengthBounds(t.after, flexible: false) : t.after)
      return MemberLineParts(
        type: keep(t.type), before: keep(t.before), after: after,
        afterFlexible: bounded
          ? keep(LayoutTextRenderer.zeroLengthBounds(t.after, flexible: true)) : after)
    }
    parts[id] = .some(found)
    return found
  }

  /// Writes the bytes of `span`.
  func write(_ span: MemberLineParts.Span, into out: inout TextLines) {
    let bytes = UnsafeBufferPointer(start: store + span.start, count: span.count)
    if span.clean { out.write(checked: bytes) } else { out.write(bytes) }
  }

  private func keep(_ text: String) -> MemberLineParts.Span {
    let columns = columns(text)
    var text = text
    return text.withUTF8 { bytes in
      if count + bytes.count > capacity {
        var grown = capacity * 2
        while grown < count + bytes.count { grown *= 2 }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        bigger.update(from: store, count: count)
        store.deallocate()
        store = bigger
        capacity = grown
      }
      if let source = bytes.baseAddress { (store + count).update(from: source, count: bytes.count) }
      let span = MemberLineParts.Span(
        start: count, count: bytes.count, columns: columns,
        clean: !TextLines.hasControl(UnsafeBufferPointer(rebasing: bytes[...])))
      count += bytes.count
      return span
    }
  }
}

/// How the parts of a member line are spaced and spelled where the member sits.
extension LayoutTextRenderer {
  /// Pads a type column of `typeColumns` columns (of a member of shape `shape`, at
  /// type width `width`) as pahole does; returns the columns used with the padding.
  func padTypeColumn(
    _ typeColumns: Int, shape: MemberShape, width: Int, into out: inout TextLines
  ) -> Int {
    out.spaces(shape.qualifierSpaces)
    let used = typeColumns + shape.qualifierSpaces
    let typeEnd = max(used + 1, shape.column(width) + 1)
    out.spaces(typeEnd - used)
    return typeEnd
  }

  /// pahole spells a zero-length bound `[]` only for the last member of a struct that
  /// has other members and is not inside a union; `[0]` everywhere else, whichever the
  /// source used (DWARF keeps no difference for gcc).
  func zeroLengthBounds(_ declarator: String, slot: Slot, context: Context) -> String {
    Self.zeroLengthBounds(declarator, flexible: flexibleBound(slot, context))
  }

  /// Whether a zero-length bound is spelled `[]` (else `[0]`) for a member in `slot`.
  func flexibleBound(_ slot: Slot, _ context: Context) -> Bool {
    slot.isLast && !slot.isFirst && !context.inUnion
  }

  /// `declarator` with its zero-length bounds spelled `[]` when `flexible`, else `[0]`.
  static func zeroLengthBounds(_ declarator: String, flexible: Bool) -> String {
    // Most bounds are not zero-length (`[16]`): nothing to respell.
    guard declarator.utf8.contains(UInt8(ascii: "[")), hasZeroLengthBound(declarator) else {
      return declarator
    }
    // Only the bounds at the end belong to the member itself.
    var tail = declarator[...]
    var head = ""
    while tail.hasSuffix("]"), let open = tail.lastIndex(of: "[") {
      var bound = String(tail[open...])
      if bound == "[]" || bound == "[0]" { bound = flexible ? "[]" : "[0]" }
      head = bound + head
      tail = tail[..<open]
    }
    return String(tail) + head
  }

  /// Whether `declarator` holds `[]` or `[0]` anywhere.
  private static func hasZeroLengthBound(_ declarator: String) -> Bool {
    var text = declarator
    return text.withUTF8 { bytes in
      for i in bytes.indices where bytes[i] == UInt8(ascii: "[") {
        let rest = bytes[(i + 1)...]
        if rest.starts(with: "]".utf8) || rest.starts(with: "0]".utf8) { return true }
      }
      return false
    }
  }
}
