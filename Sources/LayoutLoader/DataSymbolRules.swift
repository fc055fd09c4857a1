import ElfDwarf

/// Which symbols of an object are data whose initial contents a livepatch cannot change,
/// as objtool's `klp diff` decides which symbols it correlates and compares (Linux
/// mainline tools/objtool/klp-diff.c at 07f14d6a: `dont_correlate()`,
/// `is_uncorrelated_static_local()`, `is_local_label()`, `is_anonymous_rodata()`,
/// `is_special_section()`; klp-checksum.c `calculate_checksums()`), plus the sections of a
/// linked module that klp-build never compares because they are made after it runs.
public enum DataSymbolRules {
  /// Statics the kernel's macros make inside functions, which klp-diff never correlates:
  /// the patched code gets its own copy (`is_uncorrelated_static_local()`).
  static let uncorrelatedStaticLocals: Set<Substring> = [
    "__already_done", "__func__", "__key", "__warned", "_entry", "_entry_ptr", "_rs",
    "descriptor", "CSWTCH",
  ]

  /// Sections whose entries klp-diff cuts per entry and copies with the functions that
  /// use them (`is_special_section()`), never compares as data.
  static let specialSections: Set<String> = [
    ".altinstructions", ".kcfi_traps", ".smp_locks", "__bug_table", "__ex_table",
    "__jump_table", "__mcount_loc", ".static_call_sites", ".altinstr_replacement",
    ".altinstr_aux",
  ]

  /// Sections of a linked module (`.ko`) that klp-build never sees, since it compares
  /// objects before modpost links them, and that no code of the module reads as its own
  /// data: the symbol versions and `struct module` modpost writes, the strings of
  /// `.modinfo`, the BTF ids resolve_btfids writes at link time, ELF notes, and the
  /// dynamic debug descriptors (kpatch `is_special_static()`; klp-diff disables
  /// pr_debug() in a patch).
  static let moduleMetadataSections: Set<String> = [
    "__versions", ".gnu.linkonce.this_module", ".modinfo", ".BTF_ids", "__dyndbg",
    "__dyndbg_classes", "__verbose",
  ]

  /// Whether `symbol`, defined in `section`, is a data object `safety` compares.
  public static func isDataEntity(_ symbol: ElfSymbol, in section: ElfSection) -> Bool {
    guard symbol.isObject || symbol.type == 6 /* STT_TLS */, symbol.size > 0 else { return false }
    return !symbol.name.hasPrefix(".L") && !symbol.name.hasPrefix("__initcall__")
      && !symbol.name.hasPrefix("__initstub__") && !symbol.name.hasPrefix("__UNIQUE_ID_")
      && isComparedSection(section) && !isUncorrelatedStaticLocal(symbol, in: section)
  }

  /// Whether objects in `section` can be data entities: not a string section
  /// (`SHF_STRINGS`), not merged constants (`.rodata.cst*`, anonymous rodata), not a
  /// special or `.discard.*` section, not module metadata, not an ELF note.
  static func isComparedSection(_ section: ElfSection) -> Bool {
    let name = section.name
    return !section.holdsStrings && !name.hasPrefix(".rodata.cst") && !name.hasPrefix(".discard.")
      && !specialSections.contains(name) && !moduleMetadataSections.contains(name)
      && section.type != 7 /* SHT_NOTE */
  }

  /// GCC spells a function's static `<var>.<n>`, Clang `<function>.<var>[.<n>]`; either
  /// way a local object in `.data..once` (`WARN_ONCE()` and friends) is one too.
  static func isUncorrelatedStaticLocal(_ symbol: ElfSymbol, in section: ElfSection) -> Bool {
    guard symbol.binding == 0 /* STB_LOCAL */ else { return false }
    if section.name == ".data..once" || section.name == ".data.once" { return true }
    let parts = symbol.name.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count >= 2 else { return false }
    return uncorrelatedStaticLocals.contains(parts[0])
      || uncorrelatedStaticLocals.contains(parts[1])
  }

  /// Whether a difference in `section` can change anything `safety` reports. Only the
  /// sections that feed neither the DWARF it reads nor a data entity are left out: ELF
  /// notes (the build ID), `.BTF` and `.BTF.ext` (types are read from DWARF), the module
  /// metadata above, and the relocations that apply to those. Two builds of a kernel
  /// whose modules differ only there are the same to `safety`.
  public static func mayChangeFindings(_ section: ElfSection, in sections: [ElfSection]) -> Bool {
    if section.isRela || section.isRel {
      // `sections` starts at index 1 (libelf leaves out the null section).
      let target = Int(section.info) - 1
      guard sections.indices.contains(target), sections[target].index.rawValue == target + 1,
        !(sections[target].isRela || sections[target].isRel)
      else { return true }
      return mayChangeFindings(sections[target], in: sections)
    }
    if section.type == 7 /* SHT_NOTE */ { return false }
    return !["__versions", ".gnu.linkonce.this_module", ".modinfo", ".BTF_ids", ".BTF", ".BTF.ext"]
      .contains(section.name)
  }

  /// The name klp-diff correlates a symbol by (tools/objtool/elf.c `demangle_name()`):
  /// from `.llvm.` on dropped, else for a name with a dot or a `__UNIQUE_ID_` one the
  /// trailing digits, dots and underscores (`count.123` is `count`, `foo.isra.0` is
  /// `foo.isra`; Clang's `conn_open.opened` is kept).
  public static func demangled(_ name: String) -> String {
    if let llvm = name.firstRange(of: ".llvm.") { return String(name[..<llvm.lowerBound]) }
    guard name.contains(".") || name.hasPrefix("__UNIQUE_ID_") else { return name }
    let kept = name.reversed().drop { $0.isASCII && ($0.isNumber || $0 == "." || $0 == "_") }
    return kept.isEmpty ? name : String(kept.reversed())
  }
}
