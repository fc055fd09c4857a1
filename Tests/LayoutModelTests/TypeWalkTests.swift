import LayoutModel
import Testing

/// What every walker of a table may rely on (`TypeTable.walkProblem`): C's own cycles,
/// which pass through a pointer to a named type, are walked; any other cycle and any
/// walk deeper than the limit is found, in linear time, by a walk that cannot overflow
/// the stack. And what printing and hashing may expand (`ExpansionBudget`,
/// `DefinitionID`) stays bounded when types are shared.
struct TypeWalkTests {
  static let abi = TargetABI(machine: "x86_64", pointerSize: 8)
  static let int = CType.base(name: "int", byteSize: 4, encoding: .signed)

  static func table(_ types: [UInt64: CType]) -> TypeTable {
    TypeTable(
      types: Dictionary(uniqueKeysWithValues: types.map { (TypeID($0), $1) }), abi: abi)
  }

  static func aggregate(_ name: String?, _ members: [UInt64], size: UInt64 = 8) -> CType {
    .aggregate(
      AggregateType(
        kind: .structure, name: name, byteSize: size,
        members: members.enumerated().map {
          Member(name: "m\($0)", type: TypeID($1), bitOffset: UInt64($0) * 64)
        }))
  }

  /// `struct list { struct list *next; }`, through a typedef and a const, and a
  /// function pointer taking the struct: C's cycles, all through a pointer to a name.
  @Test func cyclesThroughAPointerToANameAreWalked() {
    let table = Self.table([
      1: Self.aggregate("list", [2, 4, 5]),
      2: .pointer(target: TypeID(1), byteSize: 8),
      3: .typedef(name: "list_t", target: TypeID(1)),
      4: .pointer(target: TypeID(6), byteSize: 8),
      6: .qualified(.const, target: TypeID(3)),
      5: .pointer(target: TypeID(7), byteSize: 8),
      7: .function(returns: nil, parameters: [TypeID(2), TypeID(3)], variadic: false),
    ])
    #expect(table.walkProblem() == nil)
  }

  /// Cycles no C type forms: a typedef of itself, a struct holding itself, an
  /// anonymous struct pointing to itself, a function pointer taking itself.
  @Test func otherCyclesAreFound() {
    let tables = [
      Self.table([1: .typedef(name: "t", target: TypeID(1))]),
      Self.table([1: Self.aggregate("s", [2]), 2: .array(element: TypeID(1), counts: [2])]),
      Self.table([1: Self.aggregate(nil, [2]), 2: .pointer(target: TypeID(1), byteSize: 8)]),
      Self.table([
        1: .pointer(target: TypeID(2), byteSize: 8),
        2: .function(returns: nil, parameters: [TypeID(1)], variadic: false),
      ]),
    ]
    for table in tables {
      guard case .cycle? = table.walkProblem() else {
        Issue.record("no cycle found in \(table.types)")
        continue
      }
    }
  }

  /// Pointers chained 256 deep are walked; 257 are too deep (14,000 crashed loading).
  @Test(arguments: [(256, false), (257, true), (14_000, true)])
  func chainsDeeperThanTheLimitAreFound(length: Int, tooDeep: Bool) {
    var types: [UInt64: CType] = [1: Self.int]
    for k in 2...UInt64(length) { types[k] = .pointer(target: TypeID(k - 1), byteSize: 8) }
    let problem = Self.table(types).walkProblem()
    if tooDeep {
      guard case .tooDeep? = problem else {
        Issue.record("\(length): \(String(describing: problem))")
        return
      }
    } else {
      #expect(problem == nil)
    }
  }

  /// 3 levels of anonymous structs, each shared by 100 members (valid C:
  /// `struct { … } c0, c1, …;`): 10,000 nested members printed per path; the budget
  /// shows one level of them, and the definition id hashes a bounded text.
  @Test func sharedAnonymousTypesStayBounded() {
    var types: [UInt64: CType] = [1: Self.int]
    for level in UInt64(2)...4 {
      types[level] = Self.aggregate(
        level == 4 ? "top" : nil, Array(repeating: level - 1, count: 100), size: 400)
    }
    let table = Self.table(types)
    #expect(table.walkProblem() == nil)
    let top = table.aggregate(TypeID(4))!
    let budget = ExpansionBudget(limit: 20_000) { m in
      table.aggregate(m.type).map { ($0.members, 1) }
    }
    #expect(budget.levels(of: top.members) == 1)
    let small = ExpansionBudget(limit: 2_000_000) { m in
      table.aggregate(m.type).map { ($0.members, 1) }
    }
    #expect(small.levels(of: top.members) == nil)
    // Four levels deep the text would be 100 million members: the id is still made.
    types[5] = Self.aggregate("top5", Array(repeating: 4, count: 100), size: 40000)
    types[4] = Self.aggregate(nil, Array(repeating: 3, count: 100), size: 400)
    let deeper = Self.table(types)
    let id = DefinitionID.of(deeper.aggregate(TypeID(5))!, table: deeper)
    #expect(id.count == 16)
  }
}

/// `resolved` and `resolvedID` go through typedefs and qualifiers by the links the
/// table keeps as types are stored: the answers are those of reading each type, after
/// any change to the table, for dense and sparse ids alike.
struct TypeTableLinkTests {
  static let abi = TargetABI(machine: "x86_64", pointerSize: 8)

  /// The walk read from the types themselves.
  static func expected(_ table: TypeTable, _ id: TypeID?) -> (CType?, TypeID?) {
    var current = id
    for _ in 0..<TypeTable.maxWalkDepth {
      guard let c = current else { return (.void, nil) }
      guard let type = table[c] else { return (nil, nil) }
      switch type {
      case .typedef(_, let target), .qualified(_, let target): current = target
      default: return (type, c)
      }
    }
    return (nil, nil)
  }

  static func check(_ table: TypeTable, _ note: String) {
    for raw in [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 500, 501, UInt64.max - 1] {
      let (type, id) = expected(table, TypeID(raw))
      #expect(table.resolved(TypeID(raw)) == type, "\(note): resolved(\(raw))")
      #expect(table.resolvedID(TypeID(raw)) == id, "\(note): resolvedID(\(raw))")
    }
    #expect(table.resolved(nil) == .void && table.resolvedID(nil) == nil)
  }

  @Test func theLinksAnswerAsTheTypesDo() {
    let int = CType.base(name: "int", byteSize: 4, encoding: .signed)
    var table = TypeTable(abi: Self.abi, denseIDs: 10)
    table[TypeID(1)] = int
    table[TypeID(2)] = .typedef(name: "t", target: TypeID(1))
    table[TypeID(3)] = .qualified(.const, target: TypeID(2))
    table[TypeID(4)] = .typedef(name: "v", target: nil)
    table[TypeID(5)] = .qualified(.volatile, target: TypeID(500))  // sparse
    table[TypeID(500)] = .typedef(name: "s", target: TypeID(3))
    table[TypeID(6)] = .typedef(name: "gone", target: TypeID(9))  // nothing at 9
    table[TypeID(7)] = .typedef(name: "far", target: TypeID(501))  // nothing at 501
    table[TypeID(8)] = .pointer(target: TypeID(3), byteSize: 8)
    Self.check(table, "stored one by one")
    // A typedef replaced by a struct, and the other way round.
    table[TypeID(2)] = .aggregate(
      AggregateType(kind: .structure, name: "x", byteSize: 4, members: []))
    table[TypeID(1)] = .typedef(name: "u", target: TypeID(8))
    table[TypeID(6)] = nil
    Self.check(table, "changed")
    // Made at once from the dense types, and with a target too large to link.
    Self.check(TypeTable(abi: Self.abi, dense: (0..<10).map { table[TypeID($0)] }), "dense")
    table[TypeID(9)] = .typedef(name: "huge", target: TypeID(.max - 1))
    table[TypeID(UInt64.max - 1)] = int
    Self.check(table, "unlinkable")
  }
}
