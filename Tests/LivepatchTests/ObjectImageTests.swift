import ReportSchema
import ElfDwarf
import Livepatch
import Testing

/// Pointer decoding from hand-built images: no ELF file, no elfutils.
struct ObjectImageTests {
  static let data = SectionIndex(1)
  static let strings = SectionIndex(2)
  static let text = SectionIndex(3)

  static func image(order: ByteOrder, width: Int, rela: Bool, dataBytes: [UInt8]) -> ObjectImage {
    let header = ElfHeader(addressSize: width, byteOrder: order, machine: 62, type: 1, flags: 0)
    let sections = [
      ElfSection(
        index: data, name: ".data", type: 1, flags: 3, address: 0, offset: 0,
        size: UInt64(dataBytes.count), link: 0, info: 0, entrySize: 0),
      ElfSection(
        index: strings, name: ".rodata.str1.1", type: 1, flags: 0x32, address: 0, offset: 0,
        size: 16, link: 0, info: 0, entrySize: 1),
      ElfSection(
        index: text, name: ".text", type: 1, flags: 6, address: 0, offset: 0, size: 64, link: 0,
        info: 0, entrySize: 0),
    ]
    let symbols = [
      ElfSymbol(
        index: SymbolIndex(0), name: "", value: 0, size: 0, type: 0, binding: 0, section: nil,
        rawSectionIndex: 0),
      ElfSymbol(
        index: SymbolIndex(1), name: "", value: 0, size: 0, type: 3, binding: 0, section: strings,
        rawSectionIndex: 2),
      ElfSymbol(
        index: SymbolIndex(2), name: "", value: 0, size: 0, type: 3, binding: 0, section: text,
        rawSectionIndex: 3),
      ElfSymbol(
        index: SymbolIndex(3), name: "new_foo", value: 0x30, size: 16, type: 2, binding: 0,
        section: text, rawSectionIndex: 3),
      ElfSymbol(
        index: SymbolIndex(4), name: "klp_enable_patch", value: 0, size: 0, type: 0, binding: 1,
        section: nil, rawSectionIndex: 0),
    ]
    let relocations = [
      Relocation(offset: 0, type: 1, symbol: SymbolIndex(1), explicitAddend: rela ? 4 : nil),
      Relocation(
        offset: UInt64(width), type: 1, symbol: SymbolIndex(2), explicitAddend: rela ? 0x30 : nil),
      Relocation(
        offset: UInt64(2 * width), type: 1, symbol: SymbolIndex(4), explicitAddend: rela ? 0 : nil),
    ]
    return ObjectImage(
      header: header, sections: sections,
      bytes: [
        data: dataBytes, strings: Array("abc\0foo_bar\0xyz\0".utf8),
        text: Array(repeating: 0, count: 64),
      ],
      symbols: symbols, relocations: [data: relocations])
  }

  @Test func relaResolvesStringsFunctionsAndUndefinedSymbols() {
    let image = Self.image(
      order: .little, width: 8, rela: true,
      dataBytes: Array(repeating: 0, count: 32) + [7, 0, 0, 0, 0, 0, 0, 0])
    #expect(image.pointer(in: Self.data, at: 0) == .string("foo_bar"))
    #expect(image.pointer(in: Self.data, at: 8) == .symbol("new_foo", offset: 0))
    #expect(image.pointer(in: Self.data, at: 16) == .symbol("klp_enable_patch", offset: 0))
    #expect(image.pointer(in: Self.data, at: 24) == .null)
    #expect(image.integer(in: Self.data, at: 32, width: 8) == 7)
  }

  /// REL (i386, arm): the addend is the value stored in place.
  @Test func relReadsTheAddendInPlace() {
    let bytes: [UInt8] = [4, 0, 0, 0, 0x30, 0, 0, 0, 0, 0, 0, 0]
    let image = Self.image(order: .little, width: 4, rela: false, dataBytes: bytes)
    #expect(image.pointer(in: Self.data, at: 0) == .string("foo_bar"))
    #expect(image.pointer(in: Self.data, at: 4) == .symbol("new_foo", offset: 0))
  }

  @Test func bigEndianIntegers() {
    let image = Self.image(
      order: .big, width: 8, rela: true,
      dataBytes: Array(repeating: 0, count: 24) + [0, 0, 0, 0, 0, 0, 0, 2])
    #expect(image.integer(in: Self.data, at: 24, width: 8) == 2)
    #expect(image.integer(in: Self.data, at: 28, width: 4) == 2)
  }

  @Test func outOfRangeReadsAreNilNotTraps() {
    let image = Self.image(order: .little, width: 8, rela: true, dataBytes: [1, 2, 3])
    #expect(image.integer(in: Self.data, at: 2, width: 8) == nil)
    #expect(image.integer(in: Self.data, at: UInt64.max - 2, width: 8) == nil)
    #expect(image.cString(in: Self.strings, at: 1000) == "")
    #expect(image.pointer(in: Self.data, at: UInt64.max) == .null)
  }
}
