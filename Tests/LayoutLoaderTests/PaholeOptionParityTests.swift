import LayoutLoader
import LayoutModel
import ReportSchema
import Reports
import TestSupport
import Testing

/// pahole's everyday options (`-C` lists and enums, `--sizes`, `--contains`,
/// `--find_pointers_to`, `--prefix_filter`, `--exclude`, `--holes`) against live
/// pahole 1.24 on every fixture: the same text, byte for byte, except where listed.
struct PaholeOptionParityTests {
  /// The DWARF 5 half of the fixtures (DWARF 4 twins differ only in encoding, which
  /// the layout parity tests cover), to keep the many pahole runs cheap.
  static let inputs = PaholeDifferentialTests.inputs.filter { $0.contains("/dwarf5/") }

  private func result(
    _ relative: String, types: [String] = [], filter: TypeFilter = .init()
  ) throws -> LayoutResult {
    var request = try LayoutRequest(path: Fixtures.path(relative), types: types)
    request.filter = filter
    return try request.run()
  }

  private func sizes(_ relative: String, filter: TypeFilter = .init()) throws -> String {
    let r = try result(relative, filter: filter)
    return LayoutListingText.sizes(
      LayoutSizesDocument(
        file: relative, debugFile: nil, machine: r.machine, typeSource: r.source,
        items: r.items))
  }

  @Test(arguments: inputs)
  func sizesMatchPahole(relative: String) throws {
    let file = Fixtures.path(relative)
    #expect(try sizes(relative) == Pahole.run(["--sizes", file]), "\(relative): --sizes")
    #expect(
      try sizes(relative, filter: .init(minimumHoles: 1))
        == Pahole.run(["--sizes", "--holes=1", file]), "\(relative): -s -H 1")
    #expect(
      try sizes(relative, filter: .init(prefixes: ["k"]))
        == Pahole.run(["--sizes", "--prefix_filter=k", file]), "\(relative): -s -y k")
    #expect(
      try sizes(relative, filter: .init(excludedPrefixes: ["k"]))
        == Pahole.run(["--sizes", "--exclude=k", file]), "\(relative): -s -x k")
  }

  /// Files with enums: the scenario objects that declare some, one module per
  /// kernel and DWARF version (about 50 enums each).
  static let enumInputs = inputs.filter {
    $0.hasSuffix("/typedefs.o") || $0.hasSuffix("/bitfields.o")
      || $0.hasSuffix("/livepatch-sample.ko")
  }

  /// Every enum of the file, one `-C` at a time (pahole 1.24 gives up on a long
  /// `-C` list of enums partway, saying one it prints alone is "not found").
  @Test(arguments: enumInputs)
  func enumsMatchPahole(relative: String) throws {
    let file = Fixtures.path(relative)
    let types = try TypeLoader(file: .open(file)).definedTypes().filter { $0.kind == .enumeration }
    #expect(!types.isEmpty, "\(relative) has no enums")
    let ours = try result(relative, types: types.map(\.description))
    #expect(ours.enumerations.count == types.count)
    for e in ours.enumerations {
      #expect(
        try LayoutListingText.render(e) == Pahole.run(["-C", e.name, file]),
        "\(relative): enum \(e.name)")
    }
  }

  /// Every enum of a module's BTF (encoded from its DWARF) is the DWARF's enum, and
  /// pahole's `-F btf` text except for one listed difference: pahole 1.24 ignores the
  /// kind flag that marks an enum's values signed and prints their bits unsigned
  /// (6.12's `MOD_INVALID = -1` as `4294967295`).
  @Test(arguments: ["6.1/dwarf4", "6.1/dwarf5", "6.12/dwarf4", "6.12/dwarf5"])
  func btfEnumsAreTheDWARFEnums(build: String) throws {
    let dwarf = Fixtures.path("modules/\(build)/livepatch-sample.ko")
    let btf = Fixtures.path("btf/modules/\(build)/livepatch-sample.ko.btf")
    let names = try TypeLoader(file: .open(dwarf)).definedTypes()
      .filter { $0.kind == .enumeration }.map(\.description)
    #expect(names.count > 20)
    let fromDWARF = try LayoutRequest(path: dwarf, types: names).run().enumerations
    let fromBTF = try LayoutRequest(path: btf, types: names, source: .btf).run().enumerations
    // The same constants and sizes (DWARF keeps each constant's own form, signed or not,
    // where BTF has one flag per enum: compared as written out).
    #expect(fromBTF.map(LayoutListingText.render) == fromDWARF.map(LayoutListingText.render))
    #expect(fromBTF.map(\.byteSize) == fromDWARF.map(\.byteSize))
    var signed = 0
    for e in fromBTF {
      let theirs = try Pahole.run(["-F", "btf", "-C", e.name, btf])
      let ours = LayoutListingText.render(e)
      let negatives = e.enumerators.filter {
        if case .signed(let v) = $0.value { v < 0 } else { false }
      }
      if negatives.isEmpty {
        #expect(ours == theirs, "\(build): enum \(e.name)")
        continue
      }
      signed += 1
      var bits = e
      bits.enumerators = e.enumerators.map {
        guard case .signed(let v) = $0.value, v < 0 else { return $0 }
        let width: UInt64 = (e.byteSize ?? 4) == 8 ? 64 : 32
        let mask: UInt64 = width == 64 ? .max : (1 << width) - 1
        return Enumerator(name: $0.name, value: .unsigned(UInt64(bitPattern: v) & mask))
      }
      #expect(LayoutListingText.render(bits) == theirs, "\(build): enum \(e.name)")
    }
    // The 6.12 builds have a signed enum (`mod_mem_type`): the difference is exercised.
    if build.hasPrefix("6.12") { #expect(signed > 0) }
  }

  /// pahole marks every enum that is not an int's 4 bytes `__packed__`, wider ones too:
  /// `pahole -C perf_callchain_context` on Debian's 6.1 debug vmlinux (DWARF; 64-bit
  /// constants, 8 bytes) ends `} __attribute__((__packed__));`, as does `-F btf` on
  /// 6.18's `/sys/kernel/btf/vmlinux`. No fixture has such an enum.
  @Test func enumsWiderOrNarrowerThanAnIntArePacked() {
    let constants = [Enumerator(name: "A", value: .unsigned(1))]
    for (size, packed) in [(1, true), (2, true), (4, false), (8, true), (nil, false)] {
      let e = Enumeration(name: "e", byteSize: size.map(UInt64.init), enumerators: constants)
      let closing = packed ? "} __attribute__((__packed__));\n" : "};\n"
      #expect(
        LayoutListingText.render(e) == "enum e {\n\tA = 1,\n" + closing,
        "\(String(describing: size))")
    }
  }

  @Test(arguments: inputs)
  func pointersMatchPahole(relative: String) throws {
    let file = Fixtures.path(relative)
    for target in ["list_head", "klp_func"] {
      guard let (loaded, found) = try? LayoutRequest(path: file, types: []).pointers(to: target)
      else { continue }
      let text = LayoutListingText.pointers(
        Self.query(
          file, loaded, target,
          pointers: found.map {
            .init(type: TypeKey($0.container.kind, $0.container.name), member: $0.member)
          }))
      #expect(
        try text == Pahole.run(["--find_pointers_to=\(target)", file]),
        "\(relative): --find_pointers_to=\(target)")
    }
  }

  /// pahole 1.24 answers `--contains` from the first unit that defines the target
  /// and stops there: a module's own unit comes first, so its answer is the start of
  /// ours, which covers the `.mod.c` unit too (`struct module` holds a `list_head`).
  @Test(arguments: inputs)
  func containersMatchPahole(relative: String) throws {
    let file = Fixtures.path(relative)
    for target in ["list_head", "kobject"] {
      guard let (loaded, found) = try? LayoutRequest(path: file, types: []).containers(of: target)
      else { continue }
      let ours = LayoutListingText.containers(
        Self.query(file, loaded, target, containers: found.map { TypeKey($0.kind, $0.name) }))
      let theirs = try Pahole.run(["--contains=\(target)", file])
      #expect(
        ours.hasPrefix(theirs) && (theirs.isEmpty == ours.isEmpty),
        "\(relative): --contains=\(target)\nours:\n\(ours)pahole:\n\(theirs)")
    }
  }

  /// Full text through the filters, on the modules (the scenario objects hold the
  /// types whose text deviates on purpose, see PaholeTextParityTests).
  @Test(arguments: inputs.filter { $0.hasPrefix("modules/") })
  func filteredLayoutsMatchPahole(relative: String) throws {
    let file = Fixtures.path(relative)
    let cases: [(TypeFilter, [String])] = [
      (.init(prefixes: ["klp_"]), ["--prefix_filter=klp_"]),
      (.init(minimumHoles: 2), ["--holes=2"]),
      (.init(excludedPrefixes: ["k"]), ["--exclude=k"]),
    ]
    for (filter, arguments) in cases {
      let ours = try result(relative, filter: filter)
      let text = LayoutListingText.render(
        ours.items, renderer: LayoutTextRenderer(table: ours.table))
      let theirs = try Pahole.run(arguments + [file])
      #expect(text == theirs, "\(relative): \(arguments)")
    }
  }

  static func query(
    _ file: String, _ loaded: LoadedFile, _ target: String, containers: [TypeKey]? = nil,
    pointers: [LayoutQueryDocument.Pointer]? = nil
  ) -> LayoutQueryDocument {
    LayoutQueryDocument(
      file: file, debugFile: nil, machine: loaded.machine, typeSource: loaded.source,
      target: .init(name: target, kind: nil), containers: containers, pointers: pointers)
  }

  @Test func typeSpecsReadPaholeSpellings() {
    #expect(
      TypeSpec.parse(["klp_func,klp_object", "struct  klp_func", "enum module_state", "union u,"])
        == [
          TypeSpec(name: "klp_func"), TypeSpec(name: "klp_object"),
          TypeSpec(kind: .structure, name: "klp_func"),
          TypeSpec(kind: .enumeration, name: "module_state"), TypeSpec(kind: .union, name: "u"),
        ])
    #expect(TypeSpec.parse(["a,a", ",", ""]) == [TypeSpec(name: "a")])
  }

  @Test func filtersAdmitByPrefixExcludeAndHoles() {
    let filter = TypeFilter(prefixes: ["klp_"], excludedPrefixes: ["klp_s"], minimumHoles: 1)
    #expect(filter.admits(name: "klp_func", holes: 1))
    #expect(!filter.admits(name: "klp_state", holes: 3))
    #expect(!filter.admits(name: "module", holes: 3))
    #expect(!filter.admits(name: "klp_func", holes: 0))
  }
}
