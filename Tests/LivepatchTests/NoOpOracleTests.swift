import Foundation
import Livepatch
import TestSupport
import Testing
import WhatIf

/// The no-op list against an independent derivation from the klp oracles
/// (`Fixtures/oracle/**/*.klp.json`, written by scripts/klp-oracle from readelf,
/// pahole and gdb output only): here the rules of klp_add_nops() are applied to the
/// oracle's trees with plain sets, and the result must equal what `NoOpPlan` makes of
/// klp-layout's own inspection of the binaries.
struct NoOpOracleTests {
  struct Oracle: Decodable {
    struct Patch: Decodable {
      struct Object: Decodable {
        struct Func: Decodable {
          var oldName: String?
          var oldSympos: UInt64
        }
        var name: String?
        var funcs: [Func]
      }
      var objects: [Object]
    }
    var patches: [Patch]
  }

  static func oracle(_ relative: String) throws -> Oracle {
    let text = try #require(
      Fixtures.oracle(for: relative, kind: "klp.json"), "no oracle for \(relative)")
    return try JSONDecoder().decode(Oracle.self, from: Data(text.utf8))
  }

  /// (object, name, sympos) triples in first-seen order, and the new objects.
  static func derive(new: Oracle, old: [Oracle]) -> (nops: [String], objects: [String]) {
    func key(_ object: String?, _ name: String, _ sympos: UInt64) -> String {
      "\(object ?? "<vmlinux>"):\(name),\(sympos == 0 ? 1 : sympos)"
    }
    var present = Set<String>()
    var objects = Set<String>()
    for o in new.patches.flatMap(\.objects) {
      objects.insert(o.name ?? "<vmlinux>")
      for f in o.funcs { if let n = f.oldName { present.insert(key(o.name, n, f.oldSympos)) } }
    }
    var nops: [String] = []
    var dynamic: [String] = []
    for o in old.flatMap(\.patches).flatMap(\.objects) {
      if objects.insert(o.name ?? "<vmlinux>").inserted { dynamic.append(o.name ?? "<vmlinux>") }
      for f in o.funcs {
        guard let n = f.oldName, present.insert(key(o.name, n, f.oldSympos)).inserted else {
          continue
        }
        nops.append("\(o.name ?? "<vmlinux>"):\(n),\(f.oldSympos)")
      }
    }
    return (nops, dynamic)
  }

  static let cases: [(String, [String])] = [
    (
      "obj/x86_64/dwarf5/klp_multi.o", ["replace/x86_64/klp_old_a.o", "replace/x86_64/klp_old_b.o"]
    ),
    ("obj/i686/dwarf5/klp_multi.o", ["replace/i686/klp_old_a.o", "replace/i686/klp_old_b.o"]),
    (
      "obj/x86_64/dwarf5/klp_multi.o", ["replace/x86_64/klp_old_b.o", "replace/x86_64/klp_old_a.o"]
    ),
    (
      "modules/6.1/dwarf5/test_klp_state2.ko",
      ["obj/x86_64/dwarf5/klp_multi.o", "replace/x86_64/klp_old_a.o"]
    ),
    (
      "modules/6.1/dwarf5/livepatch-sample.ko",
      [
        "modules/6.1/dwarf5/livepatch-callbacks-demo.ko",
        "modules/6.1/dwarf5/livepatch-shadow-fix1.ko",
      ]
    ),
  ]

  @Test(arguments: cases)
  func noOpsMatchTheOracle(new: String, old: [String]) throws {
    let expected = Self.derive(new: try Self.oracle(new), old: try old.map(Self.oracle))
    let patch = try #require(try LivepatchReader.inspect(Fixtures.path(new)).patches.first)
    let plan = NoOpPlan(
      replacing: try old.flatMap { try LivepatchReader.inspect(Fixtures.path($0)).patches },
      by: patch)
    #expect(
      plan.nops.map { "\($0.object ?? "<vmlinux>"):\($0.func),\($0.sympos)" } == expected.nops,
      "\(new) ← \(old)")
    #expect(
      plan.dynamicObjects.map { $0.name ?? "<vmlinux>" } == expected.objects, "\(new) ← \(old)")
    #expect(!expected.nops.isEmpty)
  }
}
