import Foundation
import TestSupport
import Testing

/// The type-index cache from the command line: where it goes, the two switches that
/// turn it off, the same output either way, and shell completion through it.
@Suite struct TypeIndexCommandTests {
  static let module = Fixtures.path("modules/6.12/dwarf4/livepatch-sample.ko")

  static func cacheHome() throws -> URL { try Scratch.directory("klp-index-cli") }

  static func stored(_ home: URL) -> [String] {
    (try? FileManager.default.contentsOfDirectory(
      atPath: home.appendingPathComponent("klp-layout").path)) ?? []
  }

  @Test func storedUnderXDGCacheHomeAndTheSameOutputEitherWay() throws {
    let home = try Self.cacheHome()
    defer { try? FileManager.default.removeItem(at: home) }
    let env = ["XDG_CACHE_HOME": home.path]
    let off = try CLI.run(
      ["layout", Self.module, "-t", "klp_func", "--no-index"], environment: env)
    #expect(off.status == 0)
    #expect(Self.stored(home).isEmpty, "--no-index writes nothing")
    let envOff = try CLI.run(
      ["layout", Self.module], environment: env.merging(["KLP_LAYOUT_INDEX": "off"]) { $1 })
    #expect(Self.stored(home).isEmpty, "KLP_LAYOUT_INDEX=off writes nothing")
    let first = try CLI.run(["layout", Self.module, "-t", "klp_func"], environment: env)
    // A first -t stores the name index; a whole listing, the definition index.
    #expect(Self.stored(home).count == 1)
    #expect(Self.stored(home).first?.hasSuffix(".names") == true)
    let later = try CLI.run(["layout", Self.module, "-t", "klp_func"], environment: env)
    #expect(first.stdout == off.stdout && later.stdout == off.stdout)
    let whole = try CLI.run(["layout", Self.module], environment: env)
    #expect(whole.stdout == envOff.stdout)
    #expect(Self.stored(home).sorted().map { $0.split(separator: ".").last } == ["names", "types"])
    let afterWhole = try CLI.run(["layout", Self.module, "-t", "klp_func"], environment: env)
    #expect(afterWhole.stdout == off.stdout)
  }

  @Test func aBadSettingIsAnError() throws {
    let r = try CLI.run(
      ["layout", Self.module, "-t", "klp_func"], environment: ["KLP_LAYOUT_INDEX": "maybe"])
    #expect(r.status == 2)
    #expect(r.stderr == "klp-layout: KLP_LAYOUT_INDEX='maybe': expected on or off\n")
  }

  /// What the shell asks for `klp-layout layout FILE -t PREFIX<TAB>`.
  static func complete(
    _ file: String, _ prefix: String, environment: [String: String] = [:]
  ) throws -> CLIResult {
    try CLI.run(
      [
        "---completion", "layout", "--", "--type", "4", String(prefix.count), "klp-layout",
        "layout", file, "-t", prefix,
      ], limits: (seconds: 20, memoryMB: 4096),
      environment: environment.merging(["SAP_SHELL": "bash"]) { $1 })
  }

  @Test func completionMakesTheIndexThenReadsIt() throws {
    let home = try Self.cacheHome()
    defer { try? FileManager.default.removeItem(at: home) }
    let env = ["XDG_CACHE_HOME": home.path]
    let first = try Self.complete(Self.module, "klp_", environment: env)
    #expect(first.status == 0)
    #expect(first.stdout.split(separator: "\n").contains("klp_func"))
    #expect(Self.stored(home).count == 1, "the first TAB stores the index")
    let later = try Self.complete(Self.module, "klp_", environment: env)
    #expect(later.stdout == first.stdout)
    let none = try Self.complete(
      Self.module, "klp_", environment: env.merging(["KLP_LAYOUT_INDEX": "off"]) { $1 })
    #expect(none.stdout == first.stdout, "the same names without the index")
  }

  @Test func completionOfBTFAndOfWhatCannotBeRead() throws {
    let btf = try Self.complete(
      Fixtures.path("btf/modules/6.12/dwarf4/livepatch-sample.ko.btf"), "klp_")
    #expect(btf.stdout.split(separator: "\n").contains("klp_func"), "\(btf.stderr)")
    let dir = try Self.cacheHome()
    defer { try? FileManager.default.removeItem(at: dir) }
    let fifo = dir.appendingPathComponent("fifo")
    #expect(mkfifo(fifo.path, 0o600) == 0)
    for path in [fifo.path, dir.path, "/nonexistent/file"] {
      let r = try Self.complete(path, "k")
      #expect(
        r.status == 0 && r.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
          && !r.timedOut, "\(path)")
    }
  }
}
