import Foundation
import ElfDwarf
import System
import TestSupport
import Testing

/// Opening real files: every wrapper and compression the tool accepts yields the same
/// DWARF, and every kind of bad input yields one precise error.
struct OpeningTests {
  static let sample = "modules/6.1/dwarf5/livepatch-sample.ko"

  static func unitDIEs(_ relative: String) throws -> Int {
    let file = try ElfFile.open(Fixtures.path(relative))
    return try file.unitOffsets().reduce(0) { $0 + (try file.children(of: $1).count) }
  }

  @Test(arguments: [
    "special/livepatch-sample.ko.xz", "special/livepatch-sample.ko.gz",
    "special/livepatch-sample.ko.bz2", "special/livepatch-sample.ko.zst",
    "special/livepatch-sample.zdebug-zlib.ko", "special/livepatch-sample.zdebug-zstd.ko",
  ])
  func wrappedCopiesReadLikeTheOriginal(relative: String) throws {
    let original = try ElfFile.open(Fixtures.path(Self.sample))
    let copy = try ElfFile.open(Fixtures.path(relative))
    #expect(copy.header == original.header)
    #expect(try Self.unitDIEs(relative) == (try Self.unitDIEs(Self.sample)))
    #expect(try copy.symbols().map(\.name) == (try original.symbols().map(\.name)))
  }

  @Test func headerFactsComeFromTheFile() throws {
    let cases: [(String, String, Int, ByteOrder)] = [
      ("obj/x86_64/dwarf5/holes.o", "x86_64", 8, .little),
      ("obj/i686/dwarf5/holes.o", "i386", 4, .little),
      ("obj/armhf/dwarf5/holes.o", "arm", 4, .little),
      ("obj/aarch64/dwarf5/holes.o", "aarch64", 8, .little),
      ("obj/s390x/dwarf5/holes.o", "s390x", 8, .big),
      ("obj/ppc64le/dwarf5/holes.o", "ppc64le", 8, .little),
    ]
    for (path, machine, width, order) in cases {
      let file = try ElfFile.open(Fixtures.path(path))
      #expect(file.header.machineName == machine)
      #expect(file.header.addressSize == width)
      #expect(file.header.byteOrder == order)
      #expect(file.header.isRelocatable)
      #expect(file.hasDWARF)
    }
  }

  /// REL targets (i386, arm) keep the addend in place; RELA targets carry it.
  @Test func relocationsKeepTheirRawShape() throws {
    for (path, rela) in [
      ("obj/x86_64/dwarf5/klp_multi.o", true), ("obj/i686/dwarf5/klp_multi.o", false),
      ("obj/armhf/dwarf5/klp_multi.o", false), ("obj/s390x/dwarf5/klp_multi.o", true),
    ] {
      let file = try ElfFile.open(Fixtures.path(path))
      let data = try #require(
        file.sections.first {
          $0.name.hasPrefix(".data") && !$0.name.hasPrefix(".data.rel.ro")
            && (try? file.relocations(applyingTo: $0.index).isEmpty) == false
        })
      let relocations = try file.relocations(applyingTo: data.index)
      #expect(!relocations.isEmpty)
      #expect(relocations.allSatisfy { ($0.explicitAddend != nil) == rela }, "\(path)")
      let symbols = try file.symbols()
      #expect(relocations.allSatisfy { $0.symbol.rawValue < symbols.count })
    }
  }

  @Test func badInputsGiveOnePreciseError() {
    func error(_ relative: String) -> ElfDwarfError? {
      do { _ = try ElfFile.open(Fixtures.path(relative)); return nil } catch { return error }
    }
    #expect(error("special/not-elf.ko")?.description.contains("not an ELF file") == true)
    #expect(
      error("special/empty.ko")?.description.contains(
        "not an ELF file (expected \\x7fELF magic, found an empty file)") == true)
    #expect(
      error("special")
        == .input(
          .notRegularFile(
            path: FilePath(Fixtures.path("special")), found: .directory, expected: "an ELF file")))
    #expect(
      error("special/does-not-exist.ko")?.description.contains("No such file or directory") == true)
  }

  @Test func strippedModulesSayWhatIsMissing() throws {
    let stripped = try ElfFile.open(Fixtures.path("special/livepatch-sample.stripped.ko"))
    #expect(!stripped.hasDWARF)
    #expect(throws: ElfDwarfError.noDWARF(file: stripped.path, hasBTF: false)) {
      try stripped.unitOffsets()
    }
    let btf = try ElfFile.open(Fixtures.path("special/holes.btf-only.o"))
    #expect(!btf.hasDWARF && btf.hasBTF)
  }
}

/// A file cut short under libelf's mapping: reading past the new end must not kill the
/// process with SIGBUS, and the result must be refused, naming the file.
struct ChangedWhileReadingTests {
  @Test func aFileTruncatedWhileMappedIsRefused() throws {
    let copy = FileManager.default.temporaryDirectory.appendingPathComponent(
      "klp-truncate-\(UUID().uuidString).ko"
    ).path
    try FileManager.default.copyItem(
      atPath: Fixtures.path("modules/6.1/dwarf5/livepatch-sample.ko"), toPath: copy)
    defer { try? FileManager.default.removeItem(atPath: copy) }
    ReadingProcess.prepare()
    let input = try InputFile.open(FilePath(copy))
    let file = try ElfFile.open(input)
    try input.verifyUnchanged()
    // The symbol table is far from the start and not read at open.
    let symtab = try #require(file.section(named: ".symtab"))
    #expect(symtab.offset > 8192)
    #expect(truncate(copy, 4096) == 0)
    let bytes = try file.contents(of: symtab.index)
    #expect(
      bytes.count == Int(symtab.size) && bytes.allSatisfy { $0 == 0 },
      "the lost pages read as zeros")
    #expect(throws: InputFileError.changedWhileReading(path: FilePath(copy))) {
      try input.verifyUnchanged()
    }
  }
}
