/// The livepatch core's checks (Linux 6.1.192 and 6.12.118, kernel/livepatch/core.c):
/// each object, each func's `old_name` and `old_sympos`, and the klp relocations.
enum KlpChecks {
  /// `KSYM_NAME_LEN` since 6.1: `klp_init_func()` refuses longer `old_name`s.
  static let symbolNameLength = 512

  /// Per object: the object, then per func its function, sympos and prototype.
  static func objects(_ patch: PatchFacts, _ target: TargetFacts) -> [VerifyFinding] {
    var findings: [VerifyFinding] = []
    for object in patch.objects {
      let resolution = ObjectResolution.of(object.name, in: target.tree)
      findings.append(resolution.finding(object.label))
      for fn in object.funcs {
        findings += function(fn, of: object, resolution, patch, target)
      }
    }
    return findings
  }

  static func function(
    _ fn: KlpFuncFacts, of object: KlpObjectFacts, _ resolution: ObjectResolution,
    _ patch: PatchFacts, _ target: TargetFacts
  ) -> [VerifyFinding] {
    let label = object.label
    guard let name = fn.oldName else {
      return [
        VerifyFinding(
          .function, object: label, subject: "(null)", .fail,
          "old_name is NULL: klp_init_func() refuses it")
      ]
    }
    func make(
      _ check: VerifyFinding.Check, _ verdict: (VerifyFinding.Status, String)
    )
      -> VerifyFinding
    {
      VerifyFinding(check, object: label, subject: name, verdict.0, verdict.1)
    }
    guard resolution.isThere else {
      return [.function, .sympos, .prototype].map {
        resolution.notThere($0, object: label, subject: name)
      }
    }
    let lookup = SymbolChecks.lookup(name, in: resolution, label: label, target)
    var function = SymbolChecks.function(name, lookup)
    if name.utf8.count >= symbolNameLength {
      function = (.fail, "\(name.utf8.count) bytes: klp_init_func() refuses names of 512 or more")
    }
    return [
      make(.function, function),
      make(
        .sympos, SymbolChecks.sympos(name, fn.oldSympos, lookup, rawBTFWhat: "count positions in")),
      make(.prototype, TypeChecks.prototype(fn, name: name, object: label, patch, target)),
    ]
  }

  /// `klp_apply_section_relocs()` and `klp_resolve_symbols()`: every symbol of every
  /// `SHF_RELA_LIVEPATCH` section, once per section object.
  static func relocations(_ patch: PatchFacts, _ target: TargetFacts) -> [VerifyFinding] {
    var findings: [VerifyFinding] = []
    let objects = Set(patch.objects.compactMap(\.name))
    for section in patch.relocationSections {
      guard let sectionObject = KlpNames.relaSectionObject(section.name) else {
        findings.append(
          VerifyFinding(
            .relocation, subject: section.name, .fail,
            "section name is not .klp.rela.<object>.<section>: \"incorrectly formatted name\""))
        continue
      }
      for symbol in section.symbols {
        findings.append(
          relocation(
            symbol, in: sectionObject,
            applied: sectionObject == "vmlinux"
              || objects.contains(sectionObject), target))
      }
    }
    return findings
  }

  static func relocation(
    _ symbol: KlpRelocationSymbol, in sectionObject: String, applied: Bool,
    _ target: TargetFacts
  ) -> VerifyFinding {
    func make(_ verdict: (VerifyFinding.Status, String)) -> VerifyFinding {
      VerifyFinding(.relocation, object: sectionObject, subject: symbol.name, verdict.0, verdict.1)
    }
    guard applied else {
      return make(
        (.fail, "no klp_object is named \(sectionObject): its .klp.rela sections are never applied")
      )
    }
    guard symbol.isLivepatch else {
      return make((.fail, "not marked SHN_LIVEPATCH: \"is not marked as a livepatch symbol\""))
    }
    guard let (object, name, pos) = KlpNames.klpSymbol(symbol.name) else {
      return make((.fail, "not .klp.sym.<object>.<name>,<pos>: \"incorrectly formatted name\""))
    }
    if sectionObject != "vmlinux" && object == "vmlinux" {
      return make((.fail, "a vmlinux symbol in a module's .klp.rela section: \"invalid access\""))
    }
    let resolution = ObjectResolution.of(object == "vmlinux" ? nil : object, in: target.tree)
    guard resolution.isThere else {
      let why = resolution.finding(object).reason
      return make((.unknown, "object \(object): \(why)"))
    }
    let lookup = SymbolChecks.lookup(name, in: resolution, label: object, target)
    return make(SymbolChecks.sympos(name, pos, lookup, rawBTFWhat: "resolve it in"))
  }
}

/// The kernel's parsing of klp names, `sscanf()` as it reads them.
public enum KlpNames {
  /// `sscanf(name, ".klp.rela.%55[^.]")`: the object, up to 55 bytes without a dot.
  public static func relaSectionObject(_ name: String) -> String? {
    let bytes = Array(name.utf8)
    let prefix = Array(".klp.rela.".utf8)
    guard bytes.starts(with: prefix) else { return nil }
    let object = bytes[prefix.count...].prefix { $0 != 0x2e }.prefix(55)
    return object.isEmpty ? nil : String(decoding: object, as: UTF8.self)
  }

  /// `sscanf(name, ".klp.sym.%55[^.].%511[^,],%lu")` with its count of 3.
  public static func klpSymbol(_ name: String) -> (object: String, name: String, pos: UInt64)? {
    let bytes = Array(name.utf8)
    let prefix = Array(".klp.sym.".utf8)
    guard bytes.starts(with: prefix) else { return nil }
    var i = prefix.count
    guard let object = field(bytes, &i, upTo: 55, stop: 0x2e), i < bytes.count, bytes[i] == 0x2e
    else { return nil }
    i += 1
    guard let symbol = field(bytes, &i, upTo: 511, stop: 0x2c), i < bytes.count, bytes[i] == 0x2c
    else { return nil }
    i += 1
    guard let pos = unsignedLong(bytes, from: i) else { return nil }
    return (object, symbol, pos)
  }

  /// `%N[^c]`: 1 to `upTo` bytes that are not `stop`.
  private static func field(_ bytes: [UInt8], _ i: inout Int, upTo: Int, stop: UInt8) -> String? {
    let start = i
    while i < bytes.count && i - start < upTo && bytes[i] != stop { i += 1 }
    return i > start ? String(decoding: bytes[start..<i], as: UTF8.self) : nil
  }

  /// `%lu`: optional white space and sign, then decimal digits (what follows is ignored).
  private static func unsignedLong(_ bytes: [UInt8], from start: Int) -> UInt64? {
    var i = start
    while i < bytes.count && [0x20, 0x09, 0x0a, 0x0b, 0x0c, 0x0d].contains(bytes[i]) { i += 1 }
    var negative = false
    if i < bytes.count && (bytes[i] == 0x2b || bytes[i] == 0x2d) {
      negative = bytes[i] == 0x2d
      i += 1
    }
    var value: UInt64 = 0
    let first = i
    while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 {
      let (product, overflow) = value.multipliedReportingOverflow(by: 10)
      value = overflow ? UInt64.max : product &+ UInt64(bytes[i] - 0x30)
      i += 1
    }
    guard i > first else { return nil }
    return negative ? 0 &- value : value
  }
}
