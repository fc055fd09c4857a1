/// One symbol table entry, reduced to what the kernel's symbol walks look at: its ELF
/// type and where it is defined. The name is the key it is filed under.
public struct SymbolFact: Sendable, Hashable {
  /// `STT_*`.
  public enum Kind: Sendable, Hashable {
    case function, object, notype, section, file, other
  }

  /// `st_shndx`, read.
  public enum Place: Sendable, Hashable {
    case undefined
    /// `SHN_ABS`.
    case absolute
    /// `SHN_COMMON`.
    case common
    /// `SHN_LIVEPATCH` (0xff20): resolved by livepatch, never by the module loader.
    case livepatch
    /// Another reserved index.
    case reserved
    /// In a section: its name and whether it is `SHF_ALLOC`.
    case section(name: String, allocated: Bool)
  }

  public var kind: Kind
  public var place: Place

  public init(kind: Kind, place: Place) {
    self.kind = kind
    self.place = place
  }

  /// `FUNC`, `OBJECT`: as readelf spells the type.
  public var kindName: String {
    switch kind {
    case .function: "FUNC"
    case .object: "OBJECT"
    case .notype: "NOTYPE"
    case .section: "SECTION"
    case .file: "FILE"
    case .other: "TLS/other"
    }
  }
}

/// Which symbols the kernel's symbol walks see, so that `klp_find_object_symbol()`'s
/// count can be made from a symbol table (Linux 6.1.192 and 6.12.118, docs/verify.md).
public enum Kallsyms {
  /// Where the walk happens.
  public enum Table: Sendable {
    /// vmlinux's kallsyms: `nm -n vmlinux` less what `scripts/mksysmap` filters
    /// (types `a N U w`; names `$*`, `.L*`, `__crc_*`, `__kstrtab_*`, `__kstrtabns_*`,
    /// `L0`) and what `scripts/kallsyms.c` `is_ignored_symbol()` drops, with
    /// `CONFIG_KALLSYMS_ALL` (LIVEPATCH selects it): data symbols count.
    case vmlinux
    /// A module's `core_kallsyms` (`is_core_symbol()`, kernel/module/kallsyms.c): named,
    /// defined in an `SHF_ALLOC` section that is not an init section (`.init*`), and not
    /// `.modinfo` or `__versions`, whose `SHF_ALLOC` the loader clears.
    case module
  }

  /// Whether the walk over `table` sees a symbol called `name` with these facts.
  public static func lists(_ name: String, _ fact: SymbolFact, in table: Table) -> Bool {
    guard !name.isEmpty, fact.kind != .section, fact.kind != .file,
      case .section(let section, let allocated) = fact.place, allocated
    else { return false }
    switch table {
    case .vmlinux: return !isFilteredFromVmlinux(name)
    case .module:
      return !section.hasPrefix(".init") && section != ".modinfo" && section != "__versions"
    }
  }

  /// The symbols of `facts` the walk counts.
  public static func counted(_ name: String, _ facts: [SymbolFact], in table: Table) -> [SymbolFact]
  {
    facts.filter { lists(name, $0, in: table) }
  }

  /// `scripts/mksysmap`'s name patterns and `scripts/kallsyms.c` `is_ignored_symbol()`'s
  /// lists: 6.1.192 has both, 6.12.118 moved the lists into mksysmap and added a few
  /// arch patterns; the union of the two (every name they drop is a toolchain's).
  static func isFilteredFromVmlinux(_ name: String) -> Bool {
    if name == "L0" || ignoredNames.contains(name) { return true }
    if mksysmapPrefixes.contains(where: name.hasPrefix) { return true }
    if ignoredPrefixes.contains(where: name.hasPrefix) { return true }
    if ignoredSuffixes.contains(where: name.hasSuffix) { return true }
    return ignoredInfixes.contains { name.contains($0) } || isLinkerThunk(name)
  }

  /// 6.12's `__[[:alnum:]]*Thunk_` (lld's and arm's veneers).
  static func isLinkerThunk(_ name: String) -> Bool {
    guard name.hasPrefix("__"), let thunk = name.firstRange(of: "Thunk_") else { return false }
    return name[name.index(name.startIndex, offsetBy: 2)..<thunk.lowerBound].allSatisfy {
      $0.isASCII && ($0.isLetter || $0.isNumber)
    }
  }

  static let mksysmapPrefixes = [
    "$", ".L", "__crc_", "__kstrtab_", "__kstrtabns_", "__pi_$", "__pi_.L",
    "__kvm_nvhe___kcfi_typeid_", "__pi___kcfi_typeid_",
  ]
  static let ignoredNames: Set<String> = [
    "kallsyms_addresses", "kallsyms_offsets", "kallsyms_relative_base", "kallsyms_num_syms",
    "kallsyms_names", "kallsyms_markers", "kallsyms_token_table", "kallsyms_token_index",
    "kallsyms_seqs_of_names", "_SDA_BASE_", "_SDA2_BASE_",
  ]
  static let ignoredPrefixes = [
    "__efistub_", "__kvm_nvhe_$", "__kvm_nvhe_.L", "__AArch64ADRPThunk_", "__ARMV5PILongThunk_",
    "__ARMV7PILongThunk_", "__ThumbV7PILongThunk_", "__LA25Thunk_", "__microLA25Thunk_",
    "__kcfi_typeid_",
  ]
  static let ignoredSuffixes = ["_from_arm", "_from_thumb", "_veneer"]
  static let ignoredInfixes = [".long_branch.", ".plt_branch."]
}
