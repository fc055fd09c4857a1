import LayoutModel
import ReportSchema

/// The sentences an audit says about one struct, the same in every format; each format
/// brings its own way of writing a name (escaped text, a code span, or raw for markup
/// that escapes it).
struct AuditWords {
  var name: (String) -> String
  /// A command-line option (a code span in Markdown).
  var option: (String) -> String

  /// "move prio (4 bytes, at 56) into the 4-byte hole after on_cpu (closes 8 bytes)".
  func move(_ m: AuditDocument.Move) -> String {
    let what =
      m.members.count == 1
      ? name(m.member) : "the bit fields " + m.members.map(name).joined(separator: ", ")
    return "move \(what) (\(counted(Int(m.size), "byte")), at \(m.fromOffset)) into the "
      + "\(m.holeBytes)-byte hole after \(name(m.after)) (closes \(counted(Int(m.savedBytes), "byte")))"
  }

  /// When the struct shrinks by more than the moves close (an aligned member or the
  /// struct's alignment rounds up less), which fixed member starts earlier, and where.
  func shift(_ e: AuditDocument.Entry, _ p: AuditDocument.ProposedLayout) -> String? {
    let closed = e.moves.reduce(UInt64(0)) { $0 &+ $1.savedBytes }
    guard !e.moves.isEmpty, e.saved > closed, let current = p.current else { return nil }
    let last = current.members.last?.name
    for fixed in e.alignedMembers + [last].compactMap({ $0 }) {
      guard let old = current.members.first(where: { $0.name == fixed }),
        let new = p.layout.members.first(where: { $0.name == fixed }),
        new.byteOffset < old.byteOffset
      else { continue }
      let alignment = old.explicitAlignment ?? Alignment(table: p.table).alignment(of: old.type)
      return
        "the members after them end \(counted(Int(closed), "byte")) earlier, so \(name(fixed)) "
        + "(aligned to \(alignment)) starts at \(new.byteOffset) instead of \(old.byteOffset)"
    }
    return nil
  }

  /// What a full re-sort would reach, when more than the moves; and that the search
  /// for moves stopped at its bound, when it did.
  func fullReorder(_ e: AuditDocument.Entry) -> String? {
    let full = e.fullReorderSize.map {
      "\(option("--full-reorder")) reaches \($0) bytes: it moves the first or last member, or a "
        + "member across an aligned one"
    }
    let cut =
      e.movesSearchCutShort == true
      ? "the search for moves stopped at its bound on trial layouts: these are the moves found "
        + "so far" : nil
    let parts = [full, cut].compactMap { $0 }
    return parts.isEmpty ? nil : parts.joined(separator: "; ")
  }

  /// "struct aesni_xts_ctx: 24 bytes of holes and padding, from aligned raw_tweak_ctx, …".
  func forced(_ e: AuditDocument.Entry) -> String {
    let by =
      e.alignedMembers.isEmpty
      ? "the struct's own alignment"
      : "aligned " + e.alignedMembers.map(name).joined(separator: ", ")
    let full = e.fullReorderSize.map {
      "; \(option("--full-reorder")) reaches \($0) bytes by moving an aligned member"
    }
    return name(e.key.description)
      + ": \(counted(Int(e.holeBytes + e.paddingBytes), "byte")) of holes and "
      + "padding, from \(by)" + (full ?? "")
  }
}
