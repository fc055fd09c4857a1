import ElfDwarf
import LayoutLoader
import LayoutModel
import ReportSchema
import WhatIf

/// `audit`: wasted bytes per type, ranked, with reorderings proven by re-layout.
public enum AuditUseCase {
  /// `loader`, when given, has already read `input` (`scan --audit` reuses the loader
  /// inspection opened); `ownTypesOnly`, without `types`, keeps the structs and unions
  /// the file's own sources define (DWARF only).
  public static func run(
    _ input: ResolvedInput, types: [String], cachelineSize: UInt64 = 64,
    typesFrom: (any TypeProvider)? = nil,
    reusing loader: (any TypeProvider)? = nil, ownTypesOnly: Bool = false
  ) throws(FrontendError) -> AuditDocument {
    let provider: any TypeProvider
    if let given = loader { provider = given } else { provider = try input.types() }
    var request = LayoutRequest(
      provider: provider, types: types, cachelineSize: cachelineSize, typesFrom: typesFrom)
    request.countInstances = true
    request.ownTypesOnly = ownTypesOnly
    let result: LayoutResult
    do { result = try request.run() } catch { throw .loading(error) }
    let reorganizer = Reorganizer(table: result.table)
    // One set of facts for every layout: each nested type is laid out once, not once
    // per type that holds it (quadratic in the nesting depth).
    let facts = LayoutFacts(table: result.table)
    let naming = TypeNaming(table: result.table)
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
      let proposal = a.kind == .structure ? reorganizer.propose(a) : nil
      if let proposal {
        proposed[key] = .init(
          layout: facts.layout(proposal.layout, cachelineSize: cachelineSize),
          table: result.table,
          current: layout)
      }
      let count = result.instances[named.name] ?? 0
      entries.append(
        .init(
          name: key.name, kind: key.kind, size: layout.size, holeBytes: layout.holeBytes,
          bitHoleBits: layout.bitHoleBits,
          paddingBytes: layout.padding, instances: count, straddling: straddling(layout),
          proposedSize: proposal?.size, proposedOrder: proposal?.order, method: proposal?.method,
          saved: proposal?.saved ?? 0, savedInInstances: (proposal?.saved ?? 0) &* count))
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
    return document
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
