import LayoutModel

/// A member as code outside the patch addresses it: by name, at an absolute bit
/// offset. Members of anonymous structs and unions are spelled as C spells them
/// (`u.x` is just `x`), so they are matched across builds like direct members.
struct FlatMember: Equatable {
  var key: String
  var typeName: String
  var type: TypeID
  var bitOffset: UInt64
  /// The width of a bit field; nil for ordinary members.
  var bitFieldSize: UInt64?
  /// The member's bytes; nil when unknown.
  var byteSize: UInt64?

  /// Bits the member occupies, when known.
  var bitLength: UInt64? { bitFieldSize ?? byteSize.map { $0 &* 8 } }

  func overlaps(_ other: FlatMember) -> Bool {
    guard let a = bitLength, let b = other.bitLength else { return true }
    return bitOffset < other.bitOffset &+ b && other.bitOffset < bitOffset &+ a
  }

  /// As reports write it: a bit field by its bits, with the byte that holds its first.
  var position: MemberPosition {
    MemberPosition(
      name: key, type: typeName, offset: bitOffset / 8, size: bitFieldSize == nil ? byteSize : nil,
      bitOffset: bitFieldSize == nil ? nil : bitOffset, bitSize: bitFieldSize)
  }
}

/// C spellings of one table's types, each computed once: a build's structs share a
/// few member types, and spelling them is most of the comparison's work.
final class Spelling {
  let table: TypeTable
  private let naming: TypeNaming
  private var names: [TypeID: String] = [:]

  init(_ table: TypeTable) {
    self.table = table
    naming = TypeNaming(table: table)
  }

  func name(_ id: TypeID) -> String {
    if let known = names[id] { return known }
    let name = naming.name(of: id)
    names[id] = name
    return name
  }
}

/// The most members one struct is flattened into. C gives each anonymous type one
/// parent; a hostile file can give one to every member of another, nested, and the
/// members then multiply. A kernel's largest are a few hundred.
let maxFlatMembers = 1 << 16

extension TypeTable {
  /// The members of `aggregate`, anonymous structs and unions opened in place, and
  /// named members of an unnamed struct type (`struct { int a; } pos;`) opened as
  /// `pos.a`, since such a type has no name to be compared under on its own. Past
  /// `maxFlatMembers` nothing more is opened, and `complete` says so.
  func flatMembers(
    of aggregate: AggregateType, spelling: Spelling
  ) -> (members: [FlatMember], complete: Bool) {
    var result: [FlatMember] = []
    flatten(aggregate, base: 0, prefix: "", depth: 0, spelling: spelling, into: &result)
    return (result, result.count <= maxFlatMembers)
  }

  private func flatten(
    _ a: AggregateType, base: UInt64, prefix: String, depth: Int, spelling: Spelling,
    into result: inout [FlatMember]
  ) {
    for (i, m) in a.members.enumerated() {
      let offset = base &+ m.bitOffset
      let unnamedAggregate: AggregateType? = {
        guard !m.isBitField, depth < 16, result.count <= maxFlatMembers,
          let inner = aggregate(m.type), inner.name == nil
        else {
          return nil
        }
        return inner
      }()
      if m.name == nil, let inner = unnamedAggregate {
        flatten(
          inner, base: offset, prefix: prefix, depth: depth + 1, spelling: spelling, into: &result)
        continue
      }
      let key = prefix + (m.name ?? "<unnamed \(i)>")
      result.append(
        FlatMember(
          key: key, typeName: spelling.name(m.type), type: m.type, bitOffset: offset,
          bitFieldSize: m.bitFieldSize, byteSize: size(of: m.type)))
      if let inner = unnamedAggregate {
        flatten(
          inner, base: offset, prefix: key + ".", depth: depth + 1, spelling: spelling,
          into: &result)
      }
    }
  }

  /// The named structs and unions an aggregate holds by value, given its flat `members` (through typedefs,
  /// qualifiers, arrays and anonymous members), each with the first member that does.
  func embeddedAggregates(in members: [FlatMember]) -> [(key: TypeKey, member: String)] {
    var result: [(TypeKey, String)] = []
    var seen = Set<TypeKey>()
    for member in members where member.bitFieldSize == nil {
      var type = resolved(member.type)
      for _ in 0..<16 {
        guard case .array(let element, _)? = type else { break }
        type = resolved(element)
      }
      guard case .aggregate(let inner)? = type, let name = inner.name else { continue }
      let key = TypeKey(inner.kind, name)
      if seen.insert(key).inserted { result.append((key, member.key)) }
    }
    return result
  }
}
