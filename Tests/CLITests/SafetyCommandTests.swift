import Foundation
import TestSupport
import Testing

/// `klp-layout safety` on the fixture pairs of Fixtures/src/safety, built for every
/// target: each pair reports exactly its change, sizes and offsets agree with pahole on
/// the same objects, and the outputs match the golden files.
struct SafetyCommandTests {
  /// gcc on x86_64, i686 (32-bit) and s390x (big-endian), clang on x86_64; DWARF 4 and 5.
  static let targets = ["x86_64", "i686", "s390x", "x86_64-clang"].flatMap { t in
    ["dwarf4", "dwarf5"].map { "safety/\(t)/\($0)" }
  }

  /// Per pair: (entity, name, severity) of every change, and the verdict.
  static let expected: [String: (changes: Set<String>, verdict: String)] = [
    "member_added.o": (["type conn unsafe"], "unsafe"),
    "member_appended.o": (["type conn unsafe"], "unsafe"),
    "member_retyped.o": (["type stats unsafe"], "unsafe"),
    "bitfield_widened.o": (["type flags unsafe"], "unsafe"),
    "nested_grown.o": (["type inner unsafe", "type outer unsafe", "type top unsafe"], "unsafe"),
    "global_retyped.o": (["variable counter unsafe", "variable seq unsafe"], "unsafe"),
    "prototype_changed.o": (["function conn_open unsafe"], "unsafe"),
    // One change for the enum, listing both shifted enumerators.
    "enumerator_shifted.o": (["enumerator CONN_OPEN unsafe"], "unsafe"),
    "member_into_hole.o": (["type request warning"], "safe"),
    "code_only.o": ([], "safe"),
    "new_global.o": ([], "safe"),
  ]

  static func json(_ args: [String], status: Int32) throws -> [String: Any] {
    let r = try CLI.run(args + ["--format", "json"])
    #expect(r.status == status, "\(args): \(r.stderr)")
    return try #require(
      try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
  }

  static func changes(_ document: [String: Any]) -> [[String: Any]] {
    document["changes"] as? [[String: Any]] ?? []
  }

  static func summary(_ change: [String: Any]) -> String {
    "\(change["entity"] as? String ?? "?") \(change["name"] as? String ?? "?") \(change["severity"] as? String ?? "?")"
  }

  /// The two trees pair by relative path: every pair gives exactly its changes.
  @Test(arguments: targets)
  func everyPairGivesExactlyItsChange(target: String) throws {
    let d = try Self.json(
      ["safety", Fixtures.path(target + "/orig"), Fixtures.path(target + "/patched")], status: 1)
    #expect(d["verdict"] as? String == "unsafe")
    let files = d["files"] as? [String: Any]
    #expect(files?["compared"] as? Int == Self.expected.count)
    let byFile = Dictionary(grouping: Self.changes(d)) { $0["file"] as? String ?? "" }
    #expect(Set(byFile.keys).isSubset(of: Set(Self.expected.keys)), "\(byFile.keys)")
    for (file, want) in Self.expected {
      #expect(Set((byFile[file] ?? []).map(Self.summary)) == want.changes, "\(target)/\(file)")
      #expect((byFile[file] ?? []).count == want.changes.count, "\(target)/\(file)")
    }
  }

  /// One pair at a time, the verdict and exit status follow its changes alone.
  @Test(arguments: targets)
  func eachPairAloneGivesItsVerdict(target: String) throws {
    for (file, want) in Self.expected.sorted(by: { $0.key < $1.key }) {
      let d = try Self.json(
        [
          "safety", Fixtures.path("\(target)/orig/\(file)"),
          Fixtures.path("\(target)/patched/\(file)"),
        ],
        status: want.verdict == "safe" ? 0 : 1)
      #expect(d["verdict"] as? String == want.verdict, "\(target)/\(file)")
      #expect(Set(Self.changes(d).map(Self.summary)) == want.changes, "\(target)/\(file)")
    }
  }

  /// The module shaped like samples/livepatch/livepatch-shadow-mod.c: fixing the leak
  /// with a new struct member is unsafe, with a shadow variable safe.
  @Test(arguments: targets)
  func shadowVariableFixIsSafeAndMemberFixIsNot(target: String) throws {
    let orig = Fixtures.path("\(target)/shadow/session.orig.o")
    let member = try Self.json(
      ["safety", orig, Fixtures.path("\(target)/shadow/session.member.o")], status: 1)
    #expect(Self.changes(member).map(Self.summary) == ["type session unsafe"])
    let pointer: UInt64 = target.contains("i686") ? 4 : 8
    let grown = Self.changes(member).first?["new"] as? [String: Any]
    #expect((grown?["members"] as? [[String: Any]])?.first?["name"] as? String == "buffer")
    #expect(grown?["size"] as? UInt64 == 4 * pointer)
    let shadow = try Self.json(
      ["safety", orig, Fixtures.path("\(target)/shadow/session.shadow.o")], status: 0)
    #expect(Self.changes(shadow).isEmpty)
    #expect(shadow["verdict"] as? String == "safe")
  }

  /// Every reported size and member offset is what pahole shows for the same object.
  @Test(arguments: targets)
  func sizesAndOffsetsAgreeWithPahole(target: String) throws {
    let d = try Self.json(
      ["safety", Fixtures.path(target + "/orig"), Fixtures.path(target + "/patched")], status: 1)
    var checked = 0
    for change in Self.changes(d) where change["entity"] as? String == "type" {
      let file = try #require(change["file"] as? String)
      let heading = "\(change["kind"] as? String ?? "") \(change["name"] as? String ?? "")"
      for (side, dir) in [("old", "orig"), ("new", "patched")] {
        let text = try #require(
          Fixtures.oracle(for: "\(target)/\(dir)/\(file)", kind: "pahole.txt"))
        let block = try #require(
          PaholeOracle.parse(text).first { $0.heading == heading },
          "\(heading) in \(target)/\(dir)/\(file)")
        let shape = try #require(change[side] as? [String: Any])
        #expect(shape["size"] as? UInt64 == block.size, "\(heading) \(side) in \(target)")
        for member in shape["members"] as? [[String: Any]] ?? [] {
          let name = try #require(member["name"] as? String)
          let line = try #require(
            Self.paholeLine(named: name, in: block.text), "\(name) in \(heading)")
          if let bit = line.bit {
            // A bit field: pahole shows its storage unit's offset and the bit inside it.
            #expect(
              line.offset * 8 + bit == member["bitOffset"] as? UInt64,
              "\(heading).\(name) \(side) in \(target)")
            #expect(
              line.width == member["bitSize"] as? UInt64, "\(heading).\(name) \(side) in \(target)")
          } else {
            #expect(
              line.offset == member["offset"] as? UInt64 && line.size == member["size"] as? UInt64,
              "\(heading).\(name) \(side) in \(target)")
          }
          checked += 1
        }
      }
    }
    #expect(checked >= 10)
  }

  /// A top-level member line of pahole: `\tchar  name[16];  /*    16    16 */` → offset
  /// 16, size 16; `\tunsigned int  mode:2;  /*     0: 4  4 */` → unit at 0, bit 4, width 2.
  static func paholeLine(
    named name: String, in block: String
  ) -> (offset: UInt64, size: UInt64, bit: UInt64?, width: UInt64?)? {
    for line in block.split(separator: "\n") where line.hasPrefix("\t") && !line.hasPrefix("\t\t") {
      guard let semicolon = line.firstIndex(of: ";"), let open = line.range(of: "/*"),
        let close = line.range(of: "*/")
      else { continue }
      let declarator =
        line[..<semicolon].split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "*" }).last
        ?? ""
      guard declarator.prefix(while: { $0 != "[" && $0 != ":" }) == name else { continue }
      let width = declarator.split(separator: ":").dropFirst().first.flatMap { UInt64($0) }
      let tokens = line[open.upperBound..<close.lowerBound].split(separator: " ")
      if let first = tokens.first, first.hasSuffix(":"), tokens.count >= 3,
        let unit = UInt64(first.dropLast()), let bit = UInt64(tokens[1]),
        let size = UInt64(tokens[2])
      {
        return (unit, size, bit, width)
      }
      let numbers = tokens.compactMap { UInt64($0) }
      if numbers.count >= 2 { return (numbers[0], numbers[1], nil, nil) }
    }
    return nil
  }

  @Test func identicalFilesAreSkippedAndOneSidedFilesListed() throws {
    let fm = FileManager.default
    let base = fm.temporaryDirectory.appendingPathComponent("klp-safety-\(UUID().uuidString)")
    defer { try? fm.removeItem(at: base) }
    let source = Fixtures.path("safety/x86_64/dwarf5")
    for side in ["orig", "patched"] {
      try fm.createDirectory(
        at: base.appendingPathComponent("\(side)/sub"), withIntermediateDirectories: true)
      try fm.copyItem(
        atPath: "\(source)/\(side)/member_added.o",
        toPath: base.appendingPathComponent("\(side)/sub/member_added.o").path)
      try fm.copyItem(
        atPath: "\(source)/orig/code_only.o",
        toPath: base.appendingPathComponent("\(side)/same.o").path)
    }
    try fm.copyItem(
      atPath: "\(source)/orig/new_global.o", toPath: base.appendingPathComponent("orig/gone.o").path
    )
    try fm.copyItem(
      atPath: "\(source)/patched/new_global.o",
      toPath: base.appendingPathComponent("patched/added.ko").path)
    try Data("not an object".utf8).write(to: base.appendingPathComponent("patched/README"))
    // A pair without DWARF on both sides (stripped copies of two different objects).
    for (side, file) in [("orig", "orig/code_only.o"), ("patched", "patched/code_only.o")] {
      _ = try Subprocess(
        "/usr/bin/strip",
        [
          "--strip-debug", "-o", base.appendingPathComponent("\(side)/nodebug.o").path,
          "\(source)/\(file)",
        ]
      ).succeed()
    }
    let d = try Self.json(
      [
        "safety", base.appendingPathComponent("orig").path,
        base.appendingPathComponent("patched").path, "--jobs", "3",
      ], status: 2)
    let files = try #require(d["files"] as? [String: Any])
    #expect(files["compared"] as? Int == 1 && files["identical"] as? Int == 1)
    #expect(
      files["onlyInOld"] as? [String] == ["gone.o"]
        && files["onlyInNew"] as? [String] == ["added.ko"])
    #expect(files["withoutDebugInfo"] as? [String] == ["nodebug.o"])
    #expect(Self.changes(d).map { $0["file"] as? String } == ["sub/member_added.o"])
    #expect(d["verdict"] as? String == "unsafe")
    let text = try CLI.run([
      "safety", base.appendingPathComponent("orig").path,
      base.appendingPathComponent("patched").path,
    ])
    #expect(
      text.stdout.contains(
        "only in ORIG: gone.o\nonly in PATCHED: added.ko\nnot compared (no DWARF on either side): nodebug.o\n"
      ))
    // A pair without DWARF could not be compared: the gate cannot pass (exit 2), and
    // says so in one line after the report.
    #expect(text.stderr.hasPrefix("klp-layout: safety: 1 entry could not be read or compared"))
    // One side without DWARF is a broken pair: listed, the others still reported.
    try fm.removeItem(at: base.appendingPathComponent("orig/nodebug.o"))
    try fm.copyItem(
      atPath: "\(source)/orig/code_only.o",
      toPath: base.appendingPathComponent("orig/nodebug.o").path)
    let broken = try Self.json(
      [
        "safety", base.appendingPathComponent("orig").path,
        base.appendingPathComponent("patched").path,
      ], status: 2)
    let unreadable = (broken["files"] as? [String: Any])?["unreadable"] as? [[String: Any]] ?? []
    #expect(unreadable.count == 1 && unreadable.first?["path"] as? String == "nodebug.o")
    #expect((unreadable.first?["reason"] as? String)?.contains("nodebug.o: no DWARF") == true)
    #expect(Self.changes(broken).map { $0["file"] as? String } == ["sub/member_added.o"])
  }

  @Test func inputErrorsExitTwoWithOneLine() throws {
    let cases: [[String]] = [
      ["safety", Fixtures.path("special/not-elf.ko"), Fixtures.path("special/empty.ko")],
      [
        "safety", Fixtures.path("special/livepatch-sample.stripped.ko"),
        Fixtures.path("modules/6.1/dwarf5/livepatch-sample.ko"),
      ],
      [
        "safety", Fixtures.path("safety/x86_64/dwarf5/orig"),
        Fixtures.path("safety/x86_64/dwarf5/patched/code_only.o"),
      ],
      ["safety", "/nonexistent/orig", Fixtures.path("safety/x86_64/dwarf5/patched")],
    ]
    for args in cases {
      let r = try CLI.run(args)
      #expect(r.status == 2, "\(args)")
      #expect(r.stdout.isEmpty)
      #expect(
        r.stderr.hasPrefix("klp-layout: ") && r.stderr.filter { $0 == "\n" }.count == 1,
        "\(r.stderr)")
    }
  }

  @Test func githubAnnotationsOnePerChange() throws {
    let r = try CLI.run([
      "safety", Fixtures.path("safety/x86_64/dwarf5/orig"),
      Fixtures.path("safety/x86_64/dwarf5/patched"), "--format", "github",
    ])
    #expect(r.status == 1)
    let lines = r.stdout.split(separator: "\n")
    // On the line of the source that declares the entity, not on the object.
    #expect(
      lines.filter {
        $0.hasPrefix(
          "::error file=safety/member_added.c,line=3,title=klp-layout safety%3A struct conn::")
      }.count == 1)
    #expect(lines.filter { $0.hasPrefix("::error ") }.count == 11)
    #expect(
      lines.filter { $0.hasPrefix("::warning file=safety/member_into_hole.c,line=4,") }.count == 1)
    let safe = try CLI.run([
      "safety", Fixtures.path("safety/x86_64/dwarf5/orig/code_only.o"),
      Fixtures.path("safety/x86_64/dwarf5/patched/code_only.o"),
      "--format", "github",
    ])
    #expect(safe.status == 0 && safe.stdout.hasPrefix("::notice::SAFE"))
  }
}
