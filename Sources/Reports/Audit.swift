import LayoutLoader
import LayoutModel
import WhatIf

/// `audit --format json`, schema version 1: wasted bytes per type, ranked.
public struct AuditDocument: Codable, Sendable, Equatable {
  public var schemaVersion = 1
  public var file: String
  public var cachelineSize: UInt64
  public var types: [Entry]

  public struct Entry: Codable, Sendable, Equatable {
    public var name: String
    public var size: UInt64
    public var holeBytes: UInt64
    public var bitHoleBits: UInt64
    public var paddingBytes: UInt64
    /// Elements of static variables of this type in the file.
    public var instances: UInt64
    /// Members that cross a cacheline boundary.
    public var straddling: [String]
    /// The smaller layout found (nil when none is), proven by re-layout.
    public var proposedSize: UInt64?
    public var proposedOrder: [String]?
    public var method: String?
    /// Bytes saved per instance, and in all static instances.
    public var saved: UInt64
    public var savedInInstances: UInt64
  }
}

/// The library side of `klp-layout audit`.
public struct AuditRequest: Sendable {
  public var path: String
  public var types: [String]
  public var cachelineSize: UInt64
  public var typesFrom: String?
  /// Without `types`: only the types the file's own sources define (`scan --audit`).
  public var ownTypesOnly = false

  public init(path: String, types: [String], cachelineSize: UInt64 = 64, typesFrom: String? = nil) {
    self.path = path
    self.types = types
    self.cachelineSize = cachelineSize
    self.typesFrom = typesFrom
  }

  /// `loader`, when given, has already opened `path` (see `LayoutRequest.run(loader:)`).
  public func run(loader: TypeLoader? = nil) throws -> (document: AuditDocument, result: LayoutResult, proposals: [String: Reorganizer.Proposal]) {
    var request = LayoutRequest(path: path, types: types, cachelineSize: cachelineSize, typesFrom: typesFrom)
    request.countInstances = true
    request.ownTypesOnly = ownTypesOnly
    let result = try loader.map { loader throws in try request.run(loader: loader) } ?? request.run()
    let instances = result.instances
    let reorganizer = Reorganizer(table: result.table)
    var entries: [AuditDocument.Entry] = []
    var proposals: [String: Reorganizer.Proposal] = [:]
    var seen = Set<String>()
    for named in result.loaded.definitions {
      guard let a = result.table.aggregate(named.id), let layout = result.loaded.layout(of: named.id, cachelineSize: cachelineSize)
      else { continue }
      let key = a.kind.rawValue + " " + named.name
      guard seen.insert(key).inserted else { continue }
      let proposal = a.kind == .structure ? reorganizer.propose(a) : nil
      if let proposal { proposals[key] = proposal }
      let count = instances[named.name] ?? 0
      entries.append(
        .init(
          name: key, size: layout.size, holeBytes: layout.holeBytes, bitHoleBits: layout.bitHoleBits,
          paddingBytes: layout.padding, instances: count, straddling: straddling(layout),
          proposedSize: proposal?.size, proposedOrder: proposal?.order, method: proposal?.method,
          saved: proposal?.saved ?? 0, savedInInstances: (proposal?.saved ?? 0) &* count))
    }
    entries.sort {
      ($0.savedInInstances, $0.saved, $0.holeBytes + $0.paddingBytes, $1.name) > ($1.savedInInstances, $1.saved, $1.holeBytes + $1.paddingBytes, $0.name)
    }
    return (AuditDocument(file: path, cachelineSize: cachelineSize, types: entries), result, proposals)
  }

  /// Members no larger than a cacheline that still cross a boundary.
  func straddling(_ layout: StructLayout) -> [String] {
    layout.members.compactMap { m in
      guard let size = m.byteSize, size > 0, size <= layout.cachelineSize, !m.isBitField else { return nil }
      let first = m.byteOffset / layout.cachelineSize
      let last = (m.byteOffset + size - 1) / layout.cachelineSize
      return first != last ? (m.name ?? "<anonymous>") : nil
    }
  }
}

