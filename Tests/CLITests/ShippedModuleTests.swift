import Foundation
import TestSupport
import Testing

/// Modules as they are shipped (issue #26): `strip --strip-debug`, and BTF-only with
/// split `.BTF` on `btf/split/base-6.1.btf` (Fixtures/README.md, `shipped/`). Read with
/// the klp structs from `--types-from` or their own `.BTF`, every report equals the
/// unstripped original's apart from the fields that say where the types came from.
@Suite struct ShippedModuleTests {
  static let base = "Fixtures/btf/split/base-6.1.btf"
  static let dir = "Fixtures/shipped/6.1/"

  /// `shipped/6.1/SOURCES`: each shipped file with the fixture it was made from.
  static let sources: [(shipped: String, original: String)] = {
    let text =
      (try? String(
        contentsOf: Fixtures.root.appendingPathComponent("shipped/6.1/SOURCES"), encoding: .utf8))
      ?? ""
    return text.split(separator: "\n").compactMap { line in
      let parts = line.split(separator: " ")
      return parts.count == 2 ? (String(parts[0]), "Fixtures/" + parts[1]) : nil
    }
  }()

  /// How each shipped file is given its types.
  static func typeArguments(_ shipped: String) -> [String] {
    shipped.hasSuffix(".btf.ko")
      ? ["--source", "btf", "--btf-base", base] : ["--types-from", base]
  }

  /// The keys that legitimately differ: the file's name and where its types came from.
  static let sourceKeys: Set<String> = [
    "file", "typeSource", "typesFrom", "variablesFrom", "debugFile",
  ]

  static func json(_ arguments: [String]) throws -> Any {
    let r = try GoldenFile.run(arguments + ["--format", "json"])
    #expect(r.status == 0, "\(arguments): \(r.stderr)")
    return try JSONSerialization.jsonObject(with: Data(r.stdout.utf8))
  }

  static func withoutSourceKeys(_ value: Any) -> NSDictionary {
    var dictionary = value as? [String: Any] ?? [:]
    for key in sourceKeys { dictionary.removeValue(forKey: key) }
    return dictionary as NSDictionary
  }

  /// A what-if document without its source keys, the module's path (which its headline
  /// and notes name, as given) written as FILE.
  static func whatIfWithoutSource(_ value: Any) throws -> NSDictionary {
    let dictionary = withoutSourceKeys(value)
    let file = try #require((value as? [String: Any])?["file"] as? String)
    let data = try JSONSerialization.data(withJSONObject: dictionary)
    let text = String(decoding: data, as: UTF8.self).replacingOccurrences(
      of: file.replacingOccurrences(of: "/", with: "\\/"), with: "FILE"
    ).replacingOccurrences(of: file, with: "FILE")
    return try #require(
      try JSONSerialization.jsonObject(with: Data(text.utf8)) as? NSDictionary)
  }

  @Test func sourcesListEveryShippedFile() {
    #expect(Self.sources.count == 22)
    #expect(Set(Self.sources.map(\.original)).count == 11)
  }

  /// `inspect` of all of them at once (one process per way of reading).
  @Test func inspectEqualsTheOriginal() throws {
    let originals = try #require(
      try Self.json(["inspect"] + Self.sources.map(\.original)) as? [String: Any])
    for suffix in [".stripped.ko", ".btf.ko"] {
      let chosen = Self.sources.filter { $0.shipped.hasSuffix(suffix) }
      let shipped = try #require(
        try Self.json(
          ["inspect"] + chosen.map { Self.dir + $0.shipped } + Self.typeArguments(suffix))
          as? [String: Any])
      let modules = try #require(shipped["modules"] as? [[String: Any]])
      let expected = try #require(originals["modules"] as? [[String: Any]])
      #expect(modules.count == chosen.count)
      for (module, source) in zip(modules, chosen) {
        let original = try #require(
          expected.first { $0["file"] as? String == source.original })
        #expect(
          Self.withoutSourceKeys(module) == Self.withoutSourceKeys(original), "\(source.shipped)")
        #expect(module["variablesFrom"] as? String == "symbols")
        #expect(module["typeSource"] as? String == "btf")
        #expect(original["typeSource"] == nil, "a module with DWARF reports as it always did")
      }
    }
  }

  /// `whatif` of each, priced as its original is (22 + 11 runs, side by side).
  @Test func whatIfEqualsTheOriginal() throws {
    let runs =
      Self.sources.map { ["whatif", Self.dir + $0.shipped] + Self.typeArguments($0.shipped) }
      + Self.sources.filter { $0.shipped.hasSuffix(".btf.ko") }.map { ["whatif", $0.original] }
    let results = ConcurrentResults(count: runs.count)
    DispatchQueue.concurrentPerform(iterations: runs.count) { i in
      results.set(i, (try? Self.json(runs[i])) ?? NSNull())
    }
    let values = results.values
    let originals = Dictionary(
      uniqueKeysWithValues: zip(runs.suffix(11).map { $0[1] }, values.suffix(11)))
    for (i, source) in Self.sources.enumerated() {
      let original = try #require(originals[source.original])
      #expect(
        try Self.whatIfWithoutSource(values[i]) == Self.whatIfWithoutSource(original),
        "\(source.shipped)")
    }
  }

  /// `scan` of the shipped directory: each entry as its original's in a scan of
  /// `modules/6.1/dwarf5`.
  @Test func scanEqualsTheOriginals() throws {
    let shipped = try #require(
      try Self.json(["scan", "--jobs", "2", Self.dir, "--types-from", Self.base]) as? [String: Any])
    let originals = try #require(
      try Self.json(["scan", "--jobs", "2", "Fixtures/modules/6.1/dwarf5"]) as? [String: Any])
    let byPath = Dictionary(
      uniqueKeysWithValues: (originals["modules"] as? [[String: Any]] ?? []).map {
        ($0["path"] as? String ?? "", $0)
      })
    let modules = try #require(shipped["modules"] as? [[String: Any]])
    #expect(modules.count == 22)
    let ignored: Set<String> = ["path", "directory", "typesFrom", "debugFile"]
    for module in modules {
      let path = module["path"] as? String ?? ""
      let source = try #require(Self.sources.first { $0.shipped == path })
      let original = try #require(byPath[(source.original as NSString).lastPathComponent])
      #expect(
        module.filter { !ignored.contains($0.key) } as NSDictionary
          == original.filter { !ignored.contains($0.key) } as NSDictionary, "\(path)")
      #expect(module["typesFrom"] as? String == Self.base)
    }
  }

  /// `check` and `baseline` read the klp structs the same way.
  @Test func baselineAndCheckEqualTheOriginal() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "klp-shipped-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    var baselines: [Any] = []
    for (i, file) in [
      Self.dir + "livepatch-sample.stripped.ko", Self.dir + "livepatch-sample.btf.ko",
      "Fixtures/modules/6.1/dwarf5/livepatch-sample.ko",
    ].enumerated() {
      let out = dir.appendingPathComponent("\(i).json").path
      let r = try GoldenFile.run(
        ["baseline", file, "-o", out] + (i < 2 ? Self.typeArguments(file) : []))
      #expect(r.status == 0, "\(r.stderr)")
      baselines.append(
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))))
    }
    #expect(Self.withoutSourceKeys(baselines[0]) == Self.withoutSourceKeys(baselines[2]))
    #expect(Self.withoutSourceKeys(baselines[1]) == Self.withoutSourceKeys(baselines[2]))
    let golden = "Fixtures/expected/baseline/livepatch-sample.json"
    let checks = try [
      ["check", Self.dir + "livepatch-callbacks-demo.stripped.ko", "--types-from", Self.base],
      ["check", Self.dir + "livepatch-callbacks-demo.btf.ko"]
        + Self.typeArguments("x.btf.ko"),
      ["check", "Fixtures/modules/6.1/dwarf5/livepatch-callbacks-demo.ko"],
    ].map { arguments -> NSDictionary in
      let r = try GoldenFile.run(arguments + ["--baseline", golden, "--format", "json"])
      #expect(r.status == 1, "over budget: \(r.stderr)")
      return Self.withoutSourceKeys(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)))
    }
    #expect(checks[0] == checks[2])
    #expect(checks[1] == checks[2])
  }

  /// `diff` of two shipped modules: the livepatch changes of the originals.
  @Test func diffSeesTheLivepatchChanges() throws {
    let pair = ["livepatch-sample", "livepatch-callbacks-demo"]
    let shipped = try #require(
      try Self.json(
        ["diff"] + pair.map { Self.dir + $0 + ".stripped.ko" } + ["--types-from", Self.base])
        as? [String: Any])
    let original = try #require(
      try Self.json(["diff"] + pair.map { "Fixtures/modules/6.1/dwarf5/\($0).ko" })
        as? [String: Any])
    #expect((shipped["livepatch"] as? NSDictionary) == (original["livepatch"] as? NSDictionary))
    #expect((shipped["types"] as? [Any])?.isEmpty == true, "the same kernel's klp structs")
  }

  /// Without a type source: exit 2 and one line naming the three ways to give one.
  @Test func noTypeSourceNamesTheThreeWays() throws {
    for file in ["livepatch-sample.stripped.ko", "livepatch-sample.btf.ko"] {
      for sub in ["inspect", "whatif", "check", "baseline", "diff"] {
        var arguments = [sub, Self.dir + file]
        if sub == "check" {
          arguments += ["--baseline", "Fixtures/expected/baseline/livepatch-sample.json"]
        }
        if sub == "baseline" { arguments += ["-o", "/dev/null"] }
        if sub == "diff" { arguments.append(Self.dir + file) }
        let r = try GoldenFile.run(arguments)
        #expect(r.status == 2, "\(arguments)")
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(arguments): \(r.stderr)")
        for way in ["--types-from", "--source btf --btf-base", "--debug-dir"] {
          #expect(r.stderr.contains(way), "\(arguments): \(r.stderr)")
        }
      }
    }
  }

  /// Local symbols stripped too (`--strip-unneeded`): the patch cannot be found, and
  /// that is said, never reported as "not a livepatch module".
  @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/strip")))
  func beyondStripDebugFailsClosed() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "klp-unneeded-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = dir.appendingPathComponent("sample.ko").path
    let strip = Process()
    strip.executableURL = URL(fileURLWithPath: "/usr/bin/strip")
    strip.arguments = [
      "--strip-unneeded", "-o", out, Fixtures.path("shipped/6.1/livepatch-sample.stripped.ko"),
    ]
    try strip.run()
    strip.waitUntilExit()
    #expect(strip.terminationStatus == 0)
    let r = try GoldenFile.run(["inspect", out, "--types-from", Self.base])
    #expect(r.status == 2)
    #expect(r.stderr.contains("calls klp_enable_patch() but no klp_patch"), "\(r.stderr)")
  }
}

/// Results written from concurrent runs, each index once.
final class ConcurrentResults: @unchecked Sendable {
  private let lock = NSLock()
  private var storage: [Any]
  init(count: Int) { storage = Array(repeating: NSNull(), count: count) }
  func set(_ i: Int, _ value: Any) {
    lock.lock()
    storage[i] = value
    lock.unlock()
  }
  var values: [Any] {
    lock.lock()
    defer { lock.unlock() }
    return storage
  }
}
