/// The module loader's checks (Linux 6.1.192 and 6.12.118, kernel/module/version.c and
/// main.c): the version magic and every symbol's version.
enum LoadChecks {
  /// `check_modinfo()` → `same_magic(modmagic, vermagic, has_crcs)`: with `has_crcs`
  /// (the module has `__versions`) both strings are compared from their first space on,
  /// so the release is skipped; otherwise whole.
  static func vermagic(_ patch: PatchFacts, _ target: TargetFacts) -> VerifyFinding {
    func finding(_ status: VerifyFinding.Status, _ reason: String) -> VerifyFinding {
      VerifyFinding(.vermagic, subject: "vermagic", status, reason)
    }
    guard case .known(let kernel) = target.vermagic else {
      return finding(.unknown, unknownReason(target.vermagic))
    }
    guard let module = patch.vermagic else {
      return finding(
        .fail,
        "the module has no vermagic= in .modinfo: check_modinfo() loads it only forced (try_to_force_load(), taint F)"
      )
    }
    let hasCRCs = patch.versions.hasVersionsSection
    let same =
      hasCRCs
      ? afterRelease(module) == afterRelease(kernel) : Array(module.utf8) == Array(kernel.utf8)
    let how = hasCRCs ? "after the release (the module has __versions)" : "whole (no __versions)"
    return finding(
      same ? .pass : .fail,
      "module '\(module)' \(same ? "equals" : "differs from") target '\(kernel)', compared \(how)")
  }

  /// `strcspn(magic, " ")`: from the first space on (nothing when there is none).
  static func afterRelease(_ magic: String) -> [UInt8] {
    let bytes = Array(magic.utf8)
    guard let space = bytes.firstIndex(of: 0x20) else { return [] }
    return Array(bytes[space...])
  }

  /// Every symbol version the module carries, then every undefined symbol without one
  /// (sorted by name): `check_version()` for each, as `resolve_symbol()` and
  /// `check_modstruct_version()` call it.
  static func modversions(_ patch: PatchFacts, _ target: TargetFacts) -> [VerifyFinding] {
    if let problem = patch.versions.extendedProblem {
      return [VerifyFinding(.modversions, subject: "__version_ext_crcs", .fail, problem)]
    }
    let entries = patch.versions.extended ?? patch.versions.entries
    var seen = Set<String>()
    var findings: [VerifyFinding] = []
    for entry in entries where seen.insert(entry.name).inserted {
      findings.append(versioned(entry, patch, target))
    }
    let unversioned = Dictionary(
      patch.undefined.filter { !seen.contains($0.name) }.map { ($0.name, $0) }
    ) { a, _ in a }
    for name in unversioned.keys.sorted() {
      findings.append(unversionedSymbol(unversioned[name]!, patch, target))
    }
    return findings
  }

  /// A symbol with a version entry: its CRC against the exporter's.
  static func versioned(
    _ entry: VersionEntry, _ patch: PatchFacts, _ target: TargetFacts
  ) -> VerifyFinding {
    func finding(_ status: VerifyFinding.Status, _ reason: String) -> VerifyFinding {
      VerifyFinding(.modversions, subject: entry.name, status, reason)
    }
    guard case .known(let exports) = target.exports else {
      return finding(.unknown, unknownReason(target.exports))
    }
    guard let (exporter, crc) = exporter(of: entry.name, exports) else {
      let weak = patch.undefined.contains { $0.name == entry.name && $0.weak }
      return weak
        ? finding(.pass, "weak, and nothing exports it: left 0 (simplify_symbols())")
        : finding(.fail, "the target does not export it: \"Unknown symbol\" (simplify_symbols())")
    }
    guard let crc else { return noCRC(entry.name, exports, finding) }
    let hex = hex(entry.crc)
    if entry.crc == UInt64(crc) {
      return finding(.pass, "crc \(hex) equals \(exporter)'s")
    }
    return finding(
      .fail,
      "crc \(hex), \(exporter)'s is \(self.hex(UInt64(crc))): \"disagrees about version of symbol\" (check_version())"
    )
  }

  /// An undefined symbol without a version entry.
  static func unversionedSymbol(
    _ symbol: UndefinedSymbol, _ patch: PatchFacts, _ target: TargetFacts
  ) -> VerifyFinding {
    func finding(_ status: VerifyFinding.Status, _ reason: String) -> VerifyFinding {
      VerifyFinding(.modversions, subject: symbol.name, status, reason)
    }
    guard case .known(let exports) = target.exports else {
      return finding(.unknown, unknownReason(target.exports))
    }
    guard let (_, crc) = exporter(of: symbol.name, exports) else {
      if symbol.weak {
        return finding(.pass, "weak, and nothing exports it: left 0 (simplify_symbols())")
      }
      if patch.isX86 && symbol.name == "_GLOBAL_OFFSET_TABLE_" {
        return finding(.pass, "ignored on x86 when nothing exports it (ignore_undef_symbol())")
      }
      return finding(
        .fail, "the target does not export it: \"Unknown symbol\" (simplify_symbols())")
    }
    if crc == nil { return noCRC(symbol.name, exports, finding) }
    if patch.versions.extended != nil {
      return finding(
        .pass, "no extended version entry: check_version() warns once and accepts (Linux 6.14+)")
    }
    if !patch.versions.hasVersionsSection {
      return finding(
        .fail,
        "the module has no __versions: check_version() loads it only forced (try_to_force_load(), taint F)"
      )
    }
    return finding(
      .fail,
      "undefined in the module but it has no __versions entry: \"no symbol version\" (check_version(); Debian's kernels refuse it, upstream warns once)"
    )
  }

  /// Who exports `name` and the CRC it gives: vmlinux first, then a module of the tree.
  static func exporter(of name: String, _ exports: ExportTable) -> (String, UInt32?)? {
    if let crc = exports.crcs[name] { return ("the target", crc) }
    if let (module, crc) = exports.fromModules[name] { return ("module \(module)", crc) }
    return nil
  }

  /// An export without a CRC: `check_version()` accepts it when the exporter has no CRC
  /// table; a missing entry of a table the target has is something this file lacks.
  static func noCRC(
    _ name: String, _ exports: ExportTable,
    _ finding: (VerifyFinding.Status, String) -> VerifyFinding
  ) -> VerifyFinding {
    exports.hasCRCTables
      ? finding(.unknown, "the target exports it without a CRC")
      : finding(
        .pass, "the target has no CRCs (no CONFIG_MODVERSIONS): check_version() accepts it")
  }

  static func hex(_ value: UInt64) -> String {
    let digits = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
  }

  static func unknownReason<T>(_ value: TargetValue<T>) -> String {
    if case .unknown(let why) = value { return why }
    return "unknown"
  }
}
