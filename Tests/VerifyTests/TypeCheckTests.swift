import LayoutModel
import Testing
import Verify

/// Layouts and prototypes between a hand-built patch and target, compared by the safety
/// engine; and livepatch support.
@Suite struct TypeCheckTests {
  /// A table with `int`, `void *`, `long` and `struct seq_file { int a; void *b; }`
  /// (or with `b` retyped), and an `enum state { ONE = 1, TWO }`.
  struct Side {
    var table = TypeTable(abi: TargetABI(machine: "x86_64", pointerSize: 8))
    var int = TypeID(1)
    var pointer = TypeID(2)
    var long = TypeID(3)
    var seqFile = TypeID(10)
    var seqFilePointer = TypeID(11)

    init(secondMember: String = "void *", two: Int64 = 2) {
      table[int] = .base(name: "int", byteSize: 4, encoding: .signed)
      table[pointer] = .pointer(target: nil, byteSize: 8)
      table[long] = .base(name: "long unsigned int", byteSize: 8, encoding: .unsigned)
      let b = secondMember == "void *" ? pointer : long
      table[seqFile] = .aggregate(
        AggregateType(
          kind: .structure, name: "seq_file", byteSize: 16,
          members: [
            Member(name: "a", type: int, bitOffset: 0), Member(name: "b", type: b, bitOffset: 64),
          ]))
      table[seqFilePointer] = .pointer(target: seqFile, byteSize: 8)
      enumerators = [
        "ONE": EnumeratorEntity(name: "ONE", enumName: "state", value: 1),
        "TWO": EnumeratorEntity(name: "TWO", enumName: "state", value: two),
      ]
    }
    var enumerators: [String: EnumeratorEntity]

    func function(_ name: String, second: TypeID) -> FunctionEntity {
      FunctionEntity(
        name: name, returns: int, parameters: [seqFilePointer, second], variadic: false,
        isExternal: false)
    }

    func entities(functions: [String: FunctionEntity] = [:]) -> ProgramEntities {
      ProgramEntities(
        table: table, aggregates: [.structure("seq_file"): seqFile], functions: functions,
        enumerators: enumerators)
    }
  }

  static let used = [TypeKey.structure("seq_file"), TypeKey(name: "state", kind: .enumeration)]

  func findings(
    patch side: Side, target theirs: Side, prototypeParameter: TypeID? = nil
  )
    -> [VerifyFinding]
  {
    var patch = Facts.patch
    patch.objects = [
      KlpObjectFacts(
        name: nil,
        funcs: [KlpFuncFacts(oldName: "cmdline_proc_show", newFunc: "new_show", oldSympos: 0)])
    ]
    let mine = side.function("new_show", second: prototypeParameter ?? side.pointer)
    patch.types = PatchTypes(
      entities: side.entities(functions: ["new_show": mine]), used: Self.used,
      enumSizes: ["state": 4])
    var target = Facts.target
    target.types = .known(
      TargetTypes(source: .btf, entities: theirs.entities(), enums: ["state": 4]))
    let original = theirs.function("cmdline_proc_show", second: theirs.pointer)
    target.prototypes = [
      ObjectFunction(object: "vmlinux", name: "cmdline_proc_show"): .known(
        TargetPrototype(functions: [original], table: theirs.table, source: .btf))
    ]
    return VerifyEngine.check(patch, against: target)
  }

  @Test func identicalTypesAndPrototypesPass() {
    let f = findings(patch: Side(), target: Side())
    #expect(f.status(.layout, "seq_file") == .pass)
    #expect(f.status(.layout, "state") == .pass)
    #expect(f.status(.prototype, "cmdline_proc_show") == .pass)
    #expect(f.one(.layout, "seq_file")?.type == .structure("seq_file"))
  }

  @Test func aRetypedMemberFailsTheLayout() {
    let f = findings(patch: Side(secondMember: "long"), target: Side())
    #expect(f.status(.layout, "seq_file") == .fail)
  }

  @Test func anEnumeratorOfAnotherValueFailsTheEnum() {
    let f = findings(patch: Side(two: 3), target: Side())
    #expect(f.status(.layout, "state") == .fail)
    #expect(f.status(.layout, "seq_file") == .pass)
  }

  @Test func aChangedParameterFailsThePrototype() {
    let side = Side()
    let f = findings(patch: side, target: Side(), prototypeParameter: side.long)
    #expect(f.status(.prototype, "cmdline_proc_show") == .fail)
    #expect(
      f.one(.prototype, "cmdline_proc_show")?.reason
        == "new_show is int (struct seq_file *, long unsigned int), the target's cmdline_proc_show is int (struct seq_file *, void *)"
    )
  }

  @Test func withoutDWARFOrTargetTypesTheyAreUnknown() {
    var patch = Facts.patch
    patch.types = nil
    let f = VerifyEngine.check(patch, against: Facts.target)
    #expect(f.status(.prototype, "cmdline_proc_show") == .unknown)
    #expect(!f.contains { $0.check == .layout })
    let g = findings(patch: Side(), target: Side())
    #expect(g.filter { $0.check == .layout }.count == 2)
  }

  @Test func anotherDefinitionOfTheSameNameSettlesALayout() {
    var theirs = Side(secondMember: "long")
    let other = TypeID(20)
    theirs.table[other] = Side().table[Side().seqFile]
    var target = Facts.target
    target.types = .known(
      TargetTypes(
        source: .dwarf, entities: theirs.entities(),
        alternatives: [.structure("seq_file"): [other]], enums: ["state": 4]))
    var patch = Facts.patch
    patch.types = PatchTypes(entities: Side().entities(), used: Self.used, enumSizes: ["state": 4])
    let f = VerifyEngine.check(patch, against: target)
    #expect(f.status(.layout, "seq_file") == .pass)
  }

  @Test func livepatchSupportNeedsTheFunctionTheTypesAndTheTag() {
    #expect(
      VerifyEngine.check(Facts.patch, against: Facts.target).status(.livepatch, "klp_enable_patch")
        == .pass)
    var target = Facts.target
    target.livepatch.enablePatch = .known(nil)
    #expect(
      VerifyEngine.check(Facts.patch, against: target).status(.livepatch, "klp_enable_patch")
        == .fail)
    target = Facts.target
    target.livepatch.klpTypes = .known(["klp_patch"])
    #expect(
      VerifyEngine.check(Facts.patch, against: target).status(.livepatch, "klp_enable_patch")
        == .fail)
    target.livepatch.klpTypes = .unknown("no types")
    #expect(
      VerifyEngine.check(Facts.patch, against: target).status(.livepatch, "klp_enable_patch")
        == .unknown)
    var patch = Facts.patch
    patch.livepatchTag = false
    #expect(
      VerifyEngine.check(patch, against: Facts.target).status(.livepatch, "MODULE_INFO(livepatch)")
        == .fail)
  }

  @Test func theVerdictFailsOnAFailureOnly() {
    let findings = [
      VerifyFinding(.vermagic, subject: "vermagic", .unknown, "x"),
      VerifyFinding(.object, object: "vmlinux", subject: "vmlinux", .pass, "y"),
    ]
    #expect(VerifyVerdict(findings) == .ok)
    #expect(VerifyVerdict(findings + [VerifyFinding(.layout, subject: "t", .fail, "z")]) == .fail)
    #expect(VerifyCounts(findings) == VerifyCounts(findings))
  }
}
