import Testing
import Verify

/// vermagic and modversions on hand-built facts (Linux 6.1.192 `same_magic()`,
/// `check_version()` as Debian builds it).
@Suite struct LoadCheckTests {
  func findings(
    _ patch: PatchFacts = Facts.patch, _ target: TargetFacts = Facts.target
  )
    -> [VerifyFinding]
  {
    VerifyEngine.check(patch, against: target)
  }

  @Test func vermagicSkipsTheReleaseOnlyWhenTheModuleHasVersions() {
    #expect(findings().status(.vermagic, "vermagic") == .pass)
    var patch = Facts.patch
    patch.versions = .none
    #expect(findings(patch).status(.vermagic, "vermagic") == .fail)
    var target = Facts.target
    target.vermagic = .known("6.1.0-57-amd64 SMP preempt mod_unload ")
    #expect(findings(Facts.patch, target).status(.vermagic, "vermagic") == .fail)
  }

  @Test func vermagicWithoutASpaceComparesNothingAfterTheRelease() {
    var patch = Facts.patch
    patch.vermagic = "6.1.0-56-amd64"
    var target = Facts.target
    target.vermagic = .known("6.12.0")
    #expect(findings(patch, target).status(.vermagic, "vermagic") == .pass)
  }

  @Test func vermagicIsUnknownOnARawBTFAndFailsWhenTheModuleHasNone() {
    #expect(findings(Facts.patch, Facts.rawBTF).status(.vermagic, "vermagic") == .unknown)
    var patch = Facts.patch
    patch.vermagic = nil
    #expect(findings(patch).status(.vermagic, "vermagic") == .fail)
  }

  @Test func everyVersionEntryIsComparedWithTheExportedCRC() {
    #expect(findings().status(.modversions, "klp_enable_patch") == .pass)
    #expect(findings().status(.modversions, "module_layout") == .pass)
    var target = Facts.target
    target.exports = .known(
      ExportTable(
        crcs: ["klp_enable_patch": 0x7fcd_5321, "module_layout": 0x9060_323f], hasCRCTables: true))
    let f = findings(Facts.patch, target)
    #expect(f.status(.modversions, "klp_enable_patch") == .fail)
    #expect(f.one(.modversions, "klp_enable_patch")?.reason.contains("0x7fcd5321") == true)
  }

  @Test func aSymbolTheTargetDoesNotExportFails() {
    var target = Facts.target
    target.exports = .known(ExportTable(crcs: ["module_layout": 0x9060_323f], hasCRCTables: true))
    #expect(findings(Facts.patch, target).status(.modversions, "klp_enable_patch") == .fail)
  }

  @Test func anExportOfATreeModuleCounts() {
    var patch = Facts.patch
    patch.versions.entries.append(VersionEntry(name: "shadow_get", crc: 7))
    var target = Facts.target
    target.exports = .known(
      ExportTable(
        crcs: ["klp_enable_patch": 0x0668_9996, "module_layout": 0x9060_323f],
        hasCRCTables: true, fromModules: ["shadow_get": ("shadow_mod", 7)]))
    #expect(findings(patch, target).status(.modversions, "shadow_get") == .pass)
  }

  @Test func anUndefinedSymbolWithoutAVersionFailsUnlessWeakAndUnexported() {
    var patch = Facts.patch
    patch.undefined += [
      UndefinedSymbol(name: "module_layout_alias"), UndefinedSymbol(name: "maybe", weak: true),
    ]
    var target = Facts.target
    target.exports = .known(
      ExportTable(
        crcs: [
          "klp_enable_patch": 0x0668_9996, "module_layout": 0x9060_323f,
          "module_layout_alias": 1,
        ], hasCRCTables: true))
    let f = findings(patch, target)
    #expect(f.status(.modversions, "module_layout_alias") == .fail)
    #expect(f.status(.modversions, "maybe") == .pass)
    // Only the extended tables say "accept what is not listed".
    patch.versions.extended = patch.versions.entries
    #expect(findings(patch, target).status(.modversions, "module_layout_alias") == .pass)
  }

  @Test func aModuleWithoutVersionsLoadsOnlyForced() {
    var patch = Facts.patch
    patch.versions = .none
    #expect(findings(patch).status(.modversions, "klp_enable_patch") == .fail)
  }

  @Test func crcsTheTargetLacksAreUnknownOrAcceptedAsTheKernelDoes() {
    #expect(findings(Facts.patch, Facts.rawBTF).status(.modversions, "module_layout") == .unknown)
    var target = Facts.target
    target.exports = .known(
      ExportTable(crcs: ["klp_enable_patch": nil, "module_layout": nil], hasCRCTables: false))
    #expect(findings(Facts.patch, target).status(.modversions, "module_layout") == .pass)
    target.exports = .known(
      ExportTable(crcs: ["klp_enable_patch": nil, "module_layout": nil], hasCRCTables: true))
    #expect(findings(Facts.patch, target).status(.modversions, "module_layout") == .unknown)
  }

  @Test func malformedExtendedVersionsFail() {
    var patch = Facts.patch
    patch.versions.extendedProblem = "extended version crc+name presence does not match"
    #expect(findings(patch).status(.modversions, "__version_ext_crcs") == .fail)
  }
}
