import LayoutModel
import Testing

struct TypeNamingTests {
  static func table() -> TypeTable {
    var t = TypeTable(abi: TargetABI(machine: "x86_64", pointerSize: 8))
    t[TypeID(1)] = .base(name: "char", byteSize: 1, encoding: .signed)
    t[TypeID(2)] = .qualified(.const, target: TypeID(1))
    t[TypeID(3)] = .pointer(target: TypeID(2), byteSize: 8)
    t[TypeID(4)] = .base(name: "int", byteSize: 4, encoding: .signed)
    t[TypeID(5)] = .function(returns: nil, parameters: [TypeID(4)], variadic: false)
    t[TypeID(6)] = .pointer(target: TypeID(5), byteSize: 8)
    t[TypeID(7)] = .array(element: TypeID(1), counts: [3, 5])
    t[TypeID(8)] = .aggregate(
      AggregateType(kind: .structure, name: "klp_object", byteSize: 8, members: []))
    t[TypeID(9)] = .pointer(target: TypeID(8), byteSize: 8)
    t[TypeID(10)] = .array(element: TypeID(9), counts: [nil])
    return t
  }

  @Test(arguments: [
    (UInt64(3), "name", "const char  *", "name"),
    (6, "cb", "void", "(*cb)(int)"),
    (7, "arr", "char", "arr[3][5]"),
    (9, "objs", "struct klp_object *", "objs"),
    (10, "flex", "struct klp_object *", "flex[]"),
  ])
  func memberColumns(id: UInt64, name: String, type: String, declarator: String) {
    let (t, d) = TypeNaming(table: Self.table()).declaration(of: TypeID(id), name: name)
    #expect(t == type)
    #expect(d == declarator)
  }

  @Test func typeNames() {
    let naming = TypeNaming(table: Self.table())
    #expect(naming.name(of: TypeID(6)) == "void (*)(int)")
    #expect(naming.name(of: nil) == "void")
  }
}
