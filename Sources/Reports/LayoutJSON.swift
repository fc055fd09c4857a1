import Foundation
import LayoutModel

/// `layout --format json`, schema version 1 (DESIGN.md section 4). Keys never change
/// meaning within a version; new keys may be added.
public struct LayoutDocument: Codable, Sendable, Equatable {
  public var schemaVersion = 1
  public var file: String
  public var machine: String
  public var types: [TypeEntry]
  /// Enumerations asked for by name (`-t enum NAME`); absent when none were.
  public var enumerations: [Enumeration]?

  public struct TypeEntry: Codable, Sendable, Equatable {
    public var name: String
    public var kind: String
    public var size: UInt64
    public var alignment: UInt64
    public var packed: Bool
    public var members: [MemberEntry]
    public var holes: [HoleEntry]
    public var holeBytes: UInt64
    public var bitHoleBits: UInt64
    public var paddingBytes: UInt64
    public var bitPaddingBits: UInt64
    public var cachelines: UInt64
  }

  /// A member; anonymous aggregates appear with an empty name, followed by their own
  /// members at absolute offsets.
  public struct MemberEntry: Codable, Sendable, Equatable {
    public var name: String
    public var type: String
    /// Bytes from the start of the outermost type (the storage unit for bit fields).
    public var offset: UInt64
    public var size: UInt64?
    /// Bit fields only: absolute bit offset from the outermost type's start, and width.
    public var bitOffset: UInt64?
    public var bitSize: UInt64?
  }

  public struct HoleEntry: Codable, Sendable, Equatable {
    public var offset: UInt64
    public var size: UInt64
  }

  public init(file: String, machine: String, layouts: [StructLayout], table: TypeTable, enumerations: [Enumeration] = []) {
    self.file = file
    self.machine = machine
    self.types = layouts.map { Self.entry($0, table: table) }
    self.enumerations = enumerations.isEmpty ? nil : enumerations
  }

  static func entry(_ l: StructLayout, table: TypeTable) -> TypeEntry {
    TypeEntry(
      name: l.name ?? "", kind: l.kind.rawValue, size: l.size, alignment: l.alignment,
      packed: l.isPacked, members: members(l, base: 0, table: table),
      holes: l.holes.map { HoleEntry(offset: $0.offset, size: $0.size) }, holeBytes: l.holeBytes,
      bitHoleBits: l.bitHoleBits, paddingBytes: l.padding, bitPaddingBits: l.bitPadding,
      cachelines: l.cachelines)
  }

  static func members(_ l: StructLayout, base: UInt64, table: TypeTable) -> [MemberEntry] {
    let naming = TypeNaming(table: table)
    var result: [MemberEntry] = []
    for m in l.members {
      result.append(
        MemberEntry(
          name: m.name ?? "", type: naming.name(of: m.type), offset: base + m.byteOffset,
          size: m.byteSize, bitOffset: m.isBitField ? base * 8 + m.bitOffset : nil,
          bitSize: m.bitFieldSize))
      if m.name == nil, !m.isBitField, let nested = table.aggregate(m.type) {
        let inner = StructLayout(nested, table: table, cachelineSize: l.cachelineSize)
        result += members(inner, base: base + m.byteOffset, table: table)
      }
    }
    return result
  }
}

/// Encodes report documents the one way the project does: sorted keys, pretty-printed,
/// so outputs diff cleanly and are stable across runs.
public enum JSONOutput {
  public static func encode<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
  }
}
