import Testing
import Verify

/// Objects, functions, sympos and klp relocations on hand-built facts
/// (`klp_find_object_module()`, `klp_find_object_symbol()`, `klp_resolve_symbols()`).
@Suite struct KlpCheckTests {
  func findings(
    _ patch: PatchFacts = Facts.patch, _ target: TargetFacts = Facts.target
  )
    -> [VerifyFinding]
  {
    VerifyEngine.check(patch, against: target)
  }

  func patch(objects: [KlpObjectFacts]) -> PatchFacts {
    var p = Facts.patch
    p.objects = objects
    return p
  }

  func vmlinux(_ name: String, sympos: UInt64 = 0) -> KlpObjectFacts {
    KlpObjectFacts(
      name: nil, funcs: [KlpFuncFacts(oldName: name, newFunc: "new_" + name, oldSympos: sympos)])
  }

  @Test func vmlinuxAndAModuleOfTheTreeExist() {
    let f = findings()
    #expect(f.status(.object, "vmlinux") == .pass)
    #expect(f.status(.object, "shadow_mod") == .pass)
    #expect(f.status(.function, "dummy_free", object: "shadow_mod") == .pass)
    #expect(f.status(.sympos, "cmdline_proc_show", object: "vmlinux") == .pass)
  }

  @Test func objectNamesAreComparedExactly() {
    let f = findings(
      patch(objects: [
        KlpObjectFacts(
          name: "shadow-mod",
          funcs: [KlpFuncFacts(oldName: "dummy_free", newFunc: nil, oldSympos: 0)]),
        KlpObjectFacts(name: "tcp_cubic", funcs: []), KlpObjectFacts(name: "nowhere", funcs: []),
      ]))
    #expect(f.status(.object, "shadow-mod") == .fail)
    #expect(f.one(.object, "shadow-mod")?.reason.contains("shadow_mod") == true)
    #expect(f.status(.function, "dummy_free", object: "shadow-mod") == .unknown)
    #expect(f.status(.object, "tcp_cubic") == .fail)
    #expect(f.one(.object, "tcp_cubic")?.reason.contains("built into vmlinux") == true)
    #expect(f.status(.object, "nowhere") == .fail)
  }

  @Test func withoutATreeOrWithPartOfItModuleObjectsAreUnknown() {
    var target = Facts.target
    target.tree = .unknown("no module tree given (--modules)")
    #expect(findings(Facts.patch, target).status(.object, "shadow_mod") == .unknown)
    var partial = Facts.tree
    partial.modules = [:]
    partial.complete = false
    target.tree = .known(partial)
    #expect(findings(Facts.patch, target).status(.object, "shadow_mod") == .unknown)
    partial.complete = true
    partial.unreadable = ["kernel/bad.ko": "truncated"]
    target.tree = .known(partial)
    #expect(findings(Facts.patch, target).status(.object, "shadow_mod") == .unknown)
  }

  @Test func aFunctionMustBeAFunction() {
    let f = findings(patch(objects: [vmlinux("linux_banner"), vmlinux("cmdline_proc_shows")]))
    #expect(f.status(.function, "linux_banner") == .fail)
    #expect(f.status(.sympos, "linux_banner") == .pass)
    #expect(f.status(.function, "cmdline_proc_shows") == .fail)
    #expect(f.status(.sympos, "cmdline_proc_shows") == .fail)
  }

  @Test func symposCountsAsKlpFindObjectSymbolDoes() {
    for (name, pos, expected) in [
      ("load_elf_binary", UInt64(0), VerifyFinding.Status.fail),
      ("load_elf_binary", 1, .pass), ("load_elf_binary", 2, .pass), ("load_elf_binary", 3, .fail),
      ("cmdline_proc_show", 2, .fail), ("cmdline_proc_show", 1, .pass),
    ] {
      let f = findings(patch(objects: [vmlinux(name, sympos: pos)]))
      #expect(f.status(.sympos, name) == expected, "\(name),\(pos)")
    }
  }

  @Test func aModuleCountsOnlyItsCoreKallsyms() {
    var tree = Facts.tree
    tree.symbols["shadow_mod"]!["dummy_free"] = [
      Facts.function(), Facts.function(".init.text"), Facts.function(".exit.text"),
    ]
    var target = Facts.target
    target.tree = .known(tree)
    var p = Facts.patch
    p.objects[1].funcs[0].oldSympos = 2
    #expect(findings(p, target).status(.sympos, "dummy_free", object: "shadow_mod") == .pass)
    p.objects[1].funcs[0].oldSympos = 3
    #expect(findings(p, target).status(.sympos, "dummy_free", object: "shadow_mod") == .fail)
    tree.symbols["shadow_mod"]!["dummy_free"] = [Facts.function(".init.text")]
    target.tree = .known(tree)
    let f = findings(Facts.patch, target)
    #expect(f.status(.function, "dummy_free", object: "shadow_mod") == .fail)
    #expect(f.one(.function, "dummy_free", object: "shadow_mod")?.reason.contains("init") == true)
  }

  @Test func onARawBTFOnlyFunctionsCanBeFoundAndNothingCounted() {
    let f = findings(
      patch(objects: [vmlinux("cmdline_proc_show"), vmlinux("__x64_sys_getpid")]), Facts.rawBTF)
    #expect(f.status(.function, "cmdline_proc_show") == .pass)
    #expect(f.status(.sympos, "cmdline_proc_show") == .unknown)
    #expect(f.status(.function, "__x64_sys_getpid") == .unknown)
  }

  @Test func kallsymsLeavesOutWhatMksysmapFilters() {
    let crc = SymbolFact(kind: .notype, place: .section(name: "__kcrctab", allocated: true))
    #expect(!Kallsyms.lists("__crc_foo", crc, in: .vmlinux))
    #expect(Kallsyms.lists("foo", crc, in: .vmlinux))
    #expect(!Kallsyms.lists("foo", SymbolFact(kind: .object, place: .absolute), in: .vmlinux))
    #expect(!Kallsyms.lists("foo_veneer", Facts.function(), in: .vmlinux))
    #expect(!Kallsyms.lists("__AArch64ADRPThunk_foo", Facts.function(), in: .vmlinux))
    #expect(Kallsyms.lists("__do_Thunk_x", Facts.function(), in: .vmlinux))
    #expect(!Kallsyms.lists("foo", Facts.object(".modinfo"), in: .module))
    #expect(Kallsyms.lists("foo", Facts.object(".data..percpu"), in: .module))
  }
}

/// The klp relocations: section and symbol names parsed as `sscanf()` does.
@Suite struct KlpRelocationTests {
  func findings(
    _ sections: [KlpRelocationSection], target: TargetFacts = Facts.target
  )
    -> [VerifyFinding]
  {
    var patch = Facts.patch
    patch.relocationSections = sections
    return VerifyEngine.check(patch, against: target)
  }

  func symbol(_ name: String, livepatch: Bool = true) -> KlpRelocationSymbol {
    KlpRelocationSymbol(name: name, isLivepatch: livepatch)
  }

  @Test func symbolsResolveLikeFuncs() {
    let f = findings([
      KlpRelocationSection(
        name: ".klp.rela.vmlinux..text",
        symbols: [
          symbol(".klp.sym.vmlinux.load_elf_binary,0"),
          symbol(".klp.sym.vmlinux.load_elf_binary,2"),
        ]),
      KlpRelocationSection(
        name: ".klp.rela.shadow_mod..text", symbols: [symbol(".klp.sym.shadow_mod.dummy_list,0")]),
    ])
    #expect(f.status(.relocation, ".klp.sym.vmlinux.load_elf_binary,0") == .fail)
    #expect(f.status(.relocation, ".klp.sym.vmlinux.load_elf_binary,2") == .pass)
    #expect(f.status(.relocation, ".klp.sym.shadow_mod.dummy_list,0") == .pass)
  }

  @Test func theKernelsRefusalsAreFailures() {
    let f = findings([
      KlpRelocationSection(
        name: ".klp.rela.shadow_mod..text",
        symbols: [
          symbol(".klp.sym.vmlinux.cmdline_proc_show,0"),
          symbol(".klp.sym.shadow_mod.dummy_list,0", livepatch: false),
          symbol(".klp.sym.shadow_mod.dummy_list"),
        ]),
      KlpRelocationSection(
        name: ".klp.rela.other_mod..text", symbols: [symbol(".klp.sym.other_mod.x,0")]),
    ])
    #expect(f.status(.relocation, ".klp.sym.vmlinux.cmdline_proc_show,0") == .fail)
    #expect(f.status(.relocation, ".klp.sym.shadow_mod.dummy_list,0") == .fail)
    #expect(f.status(.relocation, ".klp.sym.shadow_mod.dummy_list") == .fail)
    #expect(f.one(.relocation, ".klp.sym.other_mod.x,0")?.reason.contains("never applied") == true)
  }

  @Test func onARawBTFVmlinuxSymbolsAreUnknown() {
    let f = findings(
      [
        KlpRelocationSection(
          name: ".klp.rela.vmlinux..text",
          symbols: [symbol(".klp.sym.vmlinux.saved_command_line,0")])
      ], target: Facts.rawBTF)
    #expect(f.status(.relocation, ".klp.sym.vmlinux.saved_command_line,0") == .unknown)
  }
}
