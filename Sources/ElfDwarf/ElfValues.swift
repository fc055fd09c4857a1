/// Byte order of the target, from `EI_DATA`.
public enum ByteOrder: String, Sendable, Codable {
  case little, big
}

/// Facts from the ELF header that decide how bytes in the file are read.
public struct ElfHeader: Hashable, Sendable {
  /// 4 for ELFCLASS32, 8 for ELFCLASS64: the width of addresses and of `long`.
  public var addressSize: Int
  /// `EI_DATA`.
  public var byteOrder: ByteOrder
  /// `e_machine` (`EM_*`), kept raw.
  public var machine: UInt16
  /// `e_type` (`ET_*`), kept raw.
  public var type: UInt16
  /// `e_flags`, kept raw (ARM ABI version, ppc64 ELFv2, …).
  public var flags: UInt32

  public init(addressSize: Int, byteOrder: ByteOrder, machine: UInt16, type: UInt16, flags: UInt32)
  {
    self.addressSize = addressSize
    self.byteOrder = byteOrder
    self.machine = machine
    self.type = type
    self.flags = flags
  }

  /// `ET_REL`: a `.o` or `.ko`, whose data and DWARF need relocating.
  public var isRelocatable: Bool { type == 1 }

  /// The conventional name of the target (what `uname -m` would say on it).
  public var machineName: String {
    switch machine {
    case 62: return "x86_64"
    case 3: return "i386"
    case 183: return "aarch64"
    case 40: return "arm"
    case 22: return addressSize == 8 ? "s390x" : "s390"
    case 21: return byteOrder == .little ? "ppc64le" : "ppc64"
    case 20: return "ppc"
    case 243: return addressSize == 8 ? "riscv64" : "riscv32"
    case 258: return "loongarch64"
    default: return "EM_\(machine)"
    }
  }
}

/// One entry of the section header table.
public struct ElfSection: Hashable, Sendable {
  public var index: SectionIndex
  public var name: String
  /// `sh_type` (`SHT_*`).
  public var type: UInt32
  /// `sh_flags` (`SHF_*`).
  public var flags: UInt64
  public var address: UInt64
  public var offset: UInt64
  public var size: UInt64
  /// `sh_link`: for relocation sections, the symbol table.
  public var link: UInt32
  /// `sh_info`: for relocation sections, the section they apply to.
  public var info: UInt32
  public var entrySize: UInt64

  public init(
    index: SectionIndex, name: String, type: UInt32, flags: UInt64, address: UInt64,
    offset: UInt64, size: UInt64, link: UInt32, info: UInt32, entrySize: UInt64
  ) {
    self.index = index
    self.name = name
    self.type = type
    self.flags = flags
    self.address = address
    self.offset = offset
    self.size = size
    self.link = link
    self.info = info
    self.entrySize = entrySize
  }

  /// `SHT_NOBITS` (`.bss`): occupies no file bytes, reads as zeros.
  public var isNoBits: Bool { type == 8 }
  /// `SHF_STRINGS`: NUL-terminated strings (`.rodata.str1.1`).
  public var holdsStrings: Bool { flags & 0x20 != 0 }
  /// `SHT_RELA`
  public var isRela: Bool { type == 4 }
  /// `SHT_REL`
  public var isRel: Bool { type == 9 }
}

/// One `.symtab` entry.
public struct ElfSymbol: Hashable, Sendable {
  public var index: SymbolIndex
  public var name: String
  public var value: UInt64
  public var size: UInt64
  /// `STT_*`
  public var type: UInt8
  /// `STB_*`
  public var binding: UInt8
  /// The section the symbol is defined in; nil for undefined, absolute and common symbols.
  public var section: SectionIndex?
  /// `st_shndx` after `SHN_XINDEX` resolution, kept raw.
  public var rawSectionIndex: UInt32

  public init(
    index: SymbolIndex, name: String, value: UInt64, size: UInt64, type: UInt8, binding: UInt8,
    section: SectionIndex?, rawSectionIndex: UInt32
  ) {
    self.index = index
    self.name = name
    self.value = value
    self.size = size
    self.type = type
    self.binding = binding
    self.section = section
    self.rawSectionIndex = rawSectionIndex
  }

  /// `STT_SECTION`: stands for its section; relocations add an offset to it.
  public var isSection: Bool { type == 3 }
  /// `STT_OBJECT`
  public var isObject: Bool { type == 1 }
  /// `STT_FUNC`
  public var isFunction: Bool { type == 2 }
  /// `SHN_UNDEF`: defined elsewhere (vmlinux, another module); resolves by name only.
  public var isUndefined: Bool { rawSectionIndex == 0 }
}

/// One relocation entry, machine-independent in shape; `type` stays raw.
public struct Relocation: Hashable, Sendable {
  /// Where it applies, as an offset in the target section.
  public var offset: UInt64
  /// `ELF*_R_TYPE`, kept raw: its meaning depends on `e_machine`.
  public var type: UInt32
  /// The symbol it refers to (index 0 means none).
  public var symbol: SymbolIndex
  /// The addend of a RELA entry; nil for REL, whose addend is in the section bytes.
  public var explicitAddend: Int64?

  public init(offset: UInt64, type: UInt32, symbol: SymbolIndex, explicitAddend: Int64?) {
    self.offset = offset
    self.type = type
    self.symbol = symbol
    self.explicitAddend = explicitAddend
  }
}
