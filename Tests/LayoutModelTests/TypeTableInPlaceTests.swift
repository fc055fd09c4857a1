import Testing

@testable import LayoutModel

/// The questions `TypeTable` answers in place (`withType`, `arrayElement`, `isPointer`,
/// `pointerTarget`, `qualifier`, and `size(of:)` on top of them) give what reading the
/// type out of the table gives, for dense ids, sparse ids and ids that hold nothing.
struct TypeTableInPlaceTests {
  static let abi = TargetABI(machine: "x86_64", pointerSize: 8)
  static let ids: [UInt64] = Array(0..<16) + [500, 501, 502, 503, UInt64.max - 1]

  /// One of each kind, dense and sparse, with chains through typedefs and qualifiers
  /// and arrays of unknown, zero and overflowing bounds.
  static var table: TypeTable {
    var table = TypeTable(abi: abi, denseIDs: 16)
    let list = AggregateType(
      kind: .structure, name: "list_head", byteSize: 16,
      members: [Member(name: "next", type: TypeID(3), bitOffset: 0)])
    table[TypeID(1)] = .base(name: "int", byteSize: 4, encoding: .signed)
    table[TypeID(2)] = .aggregate(list)
    table[TypeID(3)] = .pointer(target: TypeID(2), byteSize: 8)
    table[TypeID(4)] = .pointer(target: nil, byteSize: 8)
    table[TypeID(5)] = .qualified(.const, target: TypeID(6))
    table[TypeID(6)] = .typedef(name: "list_t", target: TypeID(2))
    table[TypeID(7)] = .array(element: TypeID(5), counts: [2, 3])
    table[TypeID(8)] = .array(element: TypeID(1), counts: [nil])
    table[TypeID(9)] = .array(element: TypeID(2), counts: [.max, 2])
    table[TypeID(10)] = .qualified(.volatile, target: nil)
    table[TypeID(11)] = .enumeration(name: nil, byteSize: 4, enumerators: [])
    table[TypeID(12)] = .function(returns: TypeID(1), parameters: [], variadic: false)
    table[TypeID(13)] = .unknown("BTF func [13] is not a data type")
    table[TypeID(14)] = .aggregate(
      AggregateType(kind: .union, name: nil, byteSize: nil, members: [], isDeclaration: true))
    table[TypeID(500)] = .qualified(.volatile, target: TypeID(7))  // sparse
    table[TypeID(501)] = .pointer(target: TypeID(500), byteSize: 8)
    table[TypeID(502)] = .array(element: TypeID(501), counts: [4])
    table[TypeID(UInt64.max - 1)] = .typedef(name: "far", target: TypeID(502))
    return table
  }

  /// `size(of:)` as it read the resolved type out of the table.
  static func copiedSize(_ table: TypeTable, _ id: TypeID?, depth: Int = 0) -> UInt64? {
    guard depth < TypeTable.maxWalkDepth, let type = table.resolved(id) else { return nil }
    switch type {
    case .base(_, let size, _), .pointer(_, let size): return size
    case .aggregate(let a): return a.byteSize
    case .enumeration(_, let size, _): return size
    case .array(let element, let counts):
      guard var total = copiedSize(table, element, depth: depth + 1) else { return nil }
      for count in counts {
        guard let count else { return 0 }
        let (product, overflow) = total.multipliedReportingOverflow(by: count)
        if overflow { return nil }
        total = product
      }
      return total
    default: return nil
    }
  }

  @Test func theAnswersInPlaceAreThoseOfTheTypesReadOut() {
    for table in [Self.table, TypeTable(types: Self.table.types, abi: Self.abi)] {
      for raw in Self.ids {
        let id = TypeID(raw)
        let type = table[id]
        #expect(table.withType(id) { $0.pointee == type }, "withType(\(raw))")
        if case .array(let element, _)? = type {
          #expect(table.arrayElement(of: id) == element, "arrayElement(\(raw))")
        } else {
          #expect(table.arrayElement(of: id) == nil, "arrayElement(\(raw))")
        }
        if case .pointer(let target, _)? = type {
          #expect(table.isPointer(id), "isPointer(\(raw))")
          #expect(table.pointerTarget(of: id) == target, "pointerTarget(\(raw))")
        } else {
          #expect(!table.isPointer(id) && table.pointerTarget(of: id) == nil, "pointer(\(raw))")
        }
        if case .qualified(let q, let target)? = type {
          #expect(table.qualifier(of: id)?.qualifier == q, "qualifier(\(raw))")
          #expect(table.qualifier(of: id)?.target == target, "qualifier target(\(raw))")
        } else {
          #expect(table.qualifier(of: id) == nil, "qualifier(\(raw))")
        }
        #expect(table.size(of: id) == Self.copiedSize(table, id), "size(of: \(raw))")
        #expect(
          table.withAggregate(id) { copy $0 } == table.aggregate(id), "withAggregate(\(raw))")
        if case .aggregate(let a)? = type {
          #expect(table.memberTypes(of: id) == a.members.map(\.type), "memberTypes(\(raw))")
        } else {
          #expect(table.memberTypes(of: id).isEmpty, "memberTypes(\(raw))")
        }
      }
      #expect(table.size(of: nil) == nil)
    }
  }

  @Test func sizesThroughChainsArraysAndPointers() {
    let table = Self.table
    #expect(table.size(of: TypeID(6)) == 16)  // typedef of a struct
    #expect(table.size(of: TypeID(7)) == 96)  // const list_t [2][3]
    #expect(table.size(of: TypeID(8)) == 0)  // flexible array
    #expect(table.size(of: TypeID(9)) == nil)  // overflowing bounds
    #expect(table.size(of: TypeID(10)) == nil)  // volatile void
    #expect(table.size(of: TypeID(502)) == 32)  // sparse pointers, 4 of them
    #expect(table.size(of: TypeID(UInt64.max - 1)) == 32)
    #expect(table.size(of: TypeID(14)) == nil)  // a declaration
    #expect(table.size(of: TypeID(15)) == nil)  // nothing stored
  }
}

/// Sparse ids keep their slot when their type is removed and stored again: the table
/// still reads as one map from id to type (contents, count, equality, order of
/// `forEachType`, links for the walks).
struct TypeTableSparseSlotTests {
  static let abi = TargetABI(machine: "x86_64", pointerSize: 8)

  @Test func removedAndStoredAgainReadsAsTheMap() {
    let int = CType.base(name: "int", byteSize: 4, encoding: .signed)
    var table = TypeTable(abi: Self.abi)
    table[TypeID(900)] = int
    table[TypeID(700)] = .typedef(name: "t", target: TypeID(900))
    table[TypeID(800)] = .qualified(.const, target: TypeID(700))
    #expect(table.count == 3 && table.resolvedID(TypeID(800)) == TypeID(900))
    table[TypeID(900)] = nil
    #expect(!table.contains(TypeID(900)) && table[TypeID(900)] == nil)
    #expect(table.count == 2)
    #expect(table.resolvedID(TypeID(800)) == nil && table.resolved(TypeID(800)) == nil)
    #expect(table.types == [TypeID(700): table[TypeID(700)]!, TypeID(800): table[TypeID(800)]!])
    #expect(table == TypeTable(types: table.types, abi: Self.abi))
    table[TypeID(900)] = nil  // removing what is gone changes nothing
    #expect(table.count == 2)
    table[TypeID(900)] = .pointer(target: nil, byteSize: 8)
    #expect(table.count == 3 && table.size(of: TypeID(800)) == 8)
    #expect(table.resolved(TypeID(800)) == .pointer(target: nil, byteSize: 8))
    var order: [UInt64] = []
    table.forEachType { id, _ in order.append(id.rawValue) }
    #expect(order == [900, 700, 800], "in the order first stored")
    let indices = [700, 800, 900].compactMap { table.walkIndex(TypeID($0)) }
    #expect(Set(indices).count == 3 && indices.allSatisfy { $0 < table.walkIndexCount })
    #expect(table.walkIndex(TypeID(901)) == nil)
  }
}
