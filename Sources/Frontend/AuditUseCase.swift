import ElfDwarf
import LayoutLoader
import LayoutModel
import ReportSchema
import WhatIf

/// `audit`: wasted bytes per type, ranked, with the member moves (or, asked, the whole
/// new orders) that save bytes, proven by re-layout.
public enum AuditUseCase {
  /// `loader`, when given, has already read `input` (`scan --audit` reuses the loader
  /// inspection opened); `ownTypesOnly`, without `types`, keeps the structs and unions
  /// the file's own sources define (DWARF only).
  /// What to propose for each struct.
  public enum Proposals: Sendable {
    /// The fewest member moves that shrink it, ends and aligned members fixed.
    case moves
    /// A whole new order (`--full-reorder`): what pahole --reorganize does, for a
    /// struct whose every user you control.
    case fullReorder
    /// None: only the waste (`scan --audit`).
    case none
  }

  public static func run(
    _ input: ResolvedInput, types: [String], cachelineSize: UInt64 = 64,
    typesFrom: (any TypeProvider)? = nil,
    reusing loader: (any TypeProvider)? = nil, ownTypesOnly: Bool = false,
    proposals: Proposals = .moves
  ) throws(FrontendError) -> AuditDocument {
    let provider: any TypeProvider
    if let given = loader { provider = given } else { provider = try input.types() }
    var request = LayoutRequest(
      provider: provider, types: types, cachelineSize: cachelineSize, typesFrom: typesFrom)
    request.countInstances = true
    request.ownTypesOnly = ownTypesOnly
    let result: LayoutResult
    do { result = try request.run() } catch { throw .loading(error) }
    // One set of facts for every layout: each nested type is laid out once, not once
    // per type that holds it (quadratic in the nesting depth).
    let facts = LayoutFacts(table: result.table)
    let naming = TypeNaming(table: result.table)
    let proposer = Proposer(
      table: result.table, facts: facts, cachelineSize: cachelineSize, mode: proposals)
    var entries: [AuditDocument.Entry] = []
    var proposed: [TypeKey: AuditDocument.ProposedLayout] = [:]
    var seen = Set<TypeKey>()
    for named in result.loaded.definitions {
      guard let a = result.table.aggregate(named.id),
        let layout = result.loaded.layout(
          of: named.id, cachelineSize: cachelineSize, facts: facts, naming: naming)
      else { continue }
      let key = TypeKey(a.kind, named.name)
      guard seen.insert(key).inserted else { continue }
      let (found, fullReorderSize) = proposer.propose(a, layout: layout)
      if let found { proposed[key] = found.layout }
      var entry = entry(
        key, layout: layout, instances: result.instances[named.name] ?? 0, found: found,
        forced: ForcedAlignment(layout, table: result.table))
      entry.fullReorderSize = fullReorderSize
      entries.append(entry)
    }
    entries.sort {
      ($0.savedInInstances, $0.saved, $0.holeBytes + $0.paddingBytes, $1.key) > (
        $1.savedInInstances, $1.saved, $1.holeBytes + $1.paddingBytes, $0.key
      )
    }
    var document = AuditDocument(
      file: input.path, debugFile: input.debugFile, cachelineSize: cachelineSize,
      typeSource: result.source,
      types: entries, proposedLayouts: proposed)
    document.pathBytes = input.pathBytes
    document.fullReorder = proposals == .fullReorder
    return document
  }

  /// One type's waste and what was found for it.
  static func entry(
    _ key: TypeKey, layout: StructLayout, instances count: UInt64, found: Proposer.Found?,
    forced: ForcedAlignment
  ) -> AuditDocument.Entry {
    let saved = found?.saved ?? 0
    var entry = AuditDocument.Entry(
      name: key.name, kind: key.kind, size: layout.size, holeBytes: layout.holeBytes,
      bitHoleBits: layout.bitHoleBits,
      paddingBytes: layout.padding, instances: count, straddling: straddling(layout),
      proposedSize: found?.size, proposedOrder: found?.order, method: found?.method,
      saved: saved, savedInInstances: saved &* count)
    entry.moves = found?.moves ?? []
    entry.movesSearchCutShort = found?.cutShort == true ? true : nil
    entry.forcedAlignmentBytes = forced.bytes
    entry.alignedMembers = forced.alignedMembers
    return entry
  }

  /// Members no larger than a cacheline that still cross a boundary.
  static func straddling(_ layout: StructLayout) -> [String] {
    layout.members.compactMap { m in
      guard let size = m.byteSize, size > 0, size <= layout.cachelineSize, !m.isBitField else {
        return nil
      }
      let first = m.byteOffset / layout.cachelineSize
      let last = (m.byteOffset + size - 1) / layout.cachelineSize
      return first != last ? (m.name ?? "<anonymous>") : nil
    }
  }
}
