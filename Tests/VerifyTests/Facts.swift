import LayoutModel
import Verify

/// Hand-built facts: a patch and a target that agree on everything, for each test to
/// change the one thing it is about.
enum Facts {
  static let magic = "6.1.0-56-amd64 SMP preempt mod_unload modversions "

  static func function(_ section: String = ".text") -> SymbolFact {
    SymbolFact(kind: .function, place: .section(name: section, allocated: true))
  }

  static func object(_ section: String = ".data") -> SymbolFact {
    SymbolFact(kind: .object, place: .section(name: section, allocated: true))
  }

  static var patch: PatchFacts {
    PatchFacts(
      vermagic: magic, livepatchTag: true,
      versions: ModuleVersions(
        hasVersionsSection: true,
        entries: [
          VersionEntry(name: "klp_enable_patch", crc: 0x0668_9996),
          VersionEntry(name: "module_layout", crc: 0x9060_323f),
        ]),
      undefined: [UndefinedSymbol(name: "klp_enable_patch")], isX86: true,
      objects: [
        KlpObjectFacts(
          name: nil,
          funcs: [KlpFuncFacts(oldName: "cmdline_proc_show", newFunc: "new_show", oldSympos: 0)]),
        KlpObjectFacts(
          name: "shadow_mod",
          funcs: [KlpFuncFacts(oldName: "dummy_free", newFunc: "new_free", oldSympos: 0)]),
      ])
  }

  static var tree: ModuleTreeFacts {
    ModuleTreeFacts(
      modules: ["shadow_mod": "kernel/shadow-mod.ko"],
      builtin: ["tcp_cubic": "kernel/net/ipv4/tcp_cubic.ko"], complete: true,
      symbols: ["shadow_mod": ["dummy_free": [function()], "dummy_list": [object()]]])
  }

  static var target: TargetFacts {
    TargetFacts(
      vermagic: .known("6.1.0-57-amd64 SMP preempt mod_unload modversions "),
      exports: .known(
        ExportTable(
          crcs: ["klp_enable_patch": 0x0668_9996, "module_layout": 0x9060_323f],
          hasCRCTables: true)),
      symbols: .known([
        "cmdline_proc_show": [function()], "load_elf_binary": [function(), function()],
        "linux_banner": [object(".rodata")], "klp_enable_patch": [function()],
      ]),
      btfFunctions: .known(["cmdline_proc_show", "klp_enable_patch"]), tree: .known(tree),
      types: .unknown("no types in this test"),
      livepatch: LivepatchSupport(
        enablePatch: .known(.function), enablePatchSource: "symbol table",
        klpTypes: .known(Set(LivepatchSupport.requiredTypes))))
  }

  /// The raw-BTF view of `target`: no version string, symbols or CRCs.
  static var rawBTF: TargetFacts {
    var t = target
    t.vermagic = .unknown("a raw BTF carries no version string")
    t.exports = .unknown("a raw BTF has no CRCs")
    t.symbols = .unknown("a raw BTF")
    return t
  }
}

extension [VerifyFinding] {
  /// The one finding of `check` about `subject` (in `object`, when given).
  func one(
    _ check: VerifyFinding.Check, _ subject: String, object: String? = nil
  )
    -> VerifyFinding?
  {
    let found = filter {
      $0.check == check && $0.subject == subject && (object == nil || $0.object == object)
    }
    return found.count == 1 ? found[0] : nil
  }

  func status(
    _ check: VerifyFinding.Check, _ subject: String, object: String? = nil
  )
    -> VerifyFinding.Status?
  {
    one(check, subject, object: object)?.status
  }
}
