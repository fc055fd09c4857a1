import Foundation
import LayoutLoader
import LayoutModel
import TestSupport
import Testing

/// Same build, two sources: every fixture's BTF (encoded by pahole from the fixture's own
/// DWARF, `scripts/build-fixtures btf`) must give the layouts its DWARF gives.
struct BTFSourceTests {
  /// `btf/<fixture>.btf` for every fixture that has one (split files are tested apart).
  static let inputs = Fixtures.files(under: "btf", suffixes: [".btf"]).filter {
    !$0.hasPrefix("btf/split/")
  }

  @Test func everyFixtureHasBTF() {
    #expect(Self.inputs.count >= 180, "\(Self.inputs.count) BTF fixtures")
  }

  @Test(arguments: inputs)
  func btfLayoutsEqualDwarfLayouts(relative: String) throws {
    let dwarfPath = Fixtures.path(String(relative.dropFirst("btf/".count).dropLast(".btf".count)))
    let dwarf = try LayoutRequest(path: dwarfPath, types: [], source: .dwarf).run()
    let btf = try LayoutRequest(path: Fixtures.path(relative), types: []).run()
    #expect(dwarf.source == .dwarf && btf.source == .btf)
    var fromBTF: [String: StructLayout] = [:]
    for layout in btf.layouts {
      fromBTF[layout.kind.rawValue + " " + (layout.name ?? "")] =
        fromBTF[layout.kind.rawValue + " " + (layout.name ?? "")] ?? layout
    }
    var problems: [String] = []
    var compared = 0
    for d in dwarf.layouts {
      let key = d.kind.rawValue + " " + (d.name ?? "")
      guard let b = fromBTF[key] else {
        problems.append("\(key): not in the BTF")
        continue
      }
      compared += 1
      problems += Self.differences(key, d, dwarf.table, b, btf.table)
    }
    #expect(compared > 0, "\(relative): no struct compared")
    #expect(problems.isEmpty, "\(relative): \(problems.count) differences: \(problems.prefix(5))")
  }

  /// Sizes, member offsets, bit offsets and widths, member sizes; anonymous members
  /// recursively (they print inline).
  static func differences(
    _ key: String, _ d: StructLayout, _ dt: TypeTable, _ b: StructLayout, _ bt: TypeTable
  ) -> [String] {
    guard d.size == b.size, d.members.count == b.members.count else {
      return ["\(key): size \(d.size)/\(b.size), members \(d.members.count)/\(b.members.count)"]
    }
    var result: [String] = []
    for (dm, bm) in zip(d.members, b.members) {
      let same =
        dm.name == bm.name && dm.bitOffset == bm.bitOffset && dm.bitFieldSize == bm.bitFieldSize
        && dm.byteOffset == bm.byteOffset && dm.byteSize == bm.byteSize
      if !same {
        result.append(
          "\(key).\(dm.name ?? "?"): DWARF \(dm.bitOffset)+\(dm.bitFieldSize ?? 0) size \(dm.byteSize ?? 0), BTF \(bm.bitOffset)+\(bm.bitFieldSize ?? 0) size \(bm.byteSize ?? 0)"
        )
      }
      if dm.name == nil, !dm.isBitField, let di = dt.aggregate(dm.type),
        let bi = bt.aggregate(bm.type)
      {
        result += differences(
          key + ".<anonymous>", StructLayout(di, table: dt), dt, StructLayout(bi, table: bt), bt)
      }
    }
    return result
  }
}

/// Split BTF: a module's types on the base it was built on; without one; on another.
struct SplitBTFTests {
  static let split = Fixtures.path("btf/split/livepatch-sample.split.btf")
  static let base = Fixtures.path("btf/split/base-6.1.btf")

  @Test func loadsOnItsBase() throws {
    let result = try LayoutRequest(
      path: Self.split, types: ["klp_patch", "klp_func", "klp_object"], btfBase: Self.base
    ).run()
    let expected = try LayoutRequest(
      path: Fixtures.path("modules/6.1/dwarf5/livepatch-sample.ko"),
      types: ["klp_patch", "klp_func", "klp_object"], source: .dwarf
    ).run()
    #expect(result.layouts.map(\.size) == [200, 152, 168])
    for (b, d) in zip(result.layouts, expected.layouts) {
      #expect(BTFSourceTests.differences(b.name ?? "", d, expected.table, b, result.table).isEmpty)
    }
    // The module's own types are the split file's: none of the base's.
    let own = try LayoutRequest(path: Self.split, types: [], typesFrom: nil, btfBase: Self.base)
      .run()
    #expect(!own.layouts.isEmpty)
    #expect(!own.layouts.contains { $0.name == "list_head" })
  }

  @Test func withoutABaseSaysHowToPassOne() {
    #expect {
      try LayoutRequest(path: Self.split, types: []).run()
    } throws: { error in
      "\(error)".contains("split BTF") && "\(error)".contains("--btf-base")
    }
  }

  @Test func aWrongBaseIsDetected() {
    #expect {
      try LayoutRequest(
        path: Self.split, types: [], btfBase: Fixtures.path("btf/split/wrong-base.btf")
      ).run()
    } throws: { error in
      guard case .btf(.baseMismatch) = error as? LoaderError else { return false }
      return true
    }
  }
}

/// The running kernel's BTF, when this machine exposes it.
struct RunningKernelBTFTests {
  static let vmlinux = "/sys/kernel/btf/vmlinux"

  @Test(
    .enabled(
      if: FileManager.default.fileExists(atPath: vmlinux),
      "no /sys/kernel/btf/vmlinux on this machine (kernel without CONFIG_DEBUG_INFO_BTF, or not Linux)"
    ))
  func readsCoreTypes() throws {
    let result = try LayoutRequest(
      path: Self.vmlinux, types: ["list_head", "hlist_node", "task_struct", "module"]
    ).run()
    #expect(result.source == .btf)
    let byName = Dictionary(result.layouts.map { ($0.name ?? "", $0) }) { a, _ in a }
    let pointer = result.table.abi.pointerSize
    #expect(byName["list_head"]?.size == 2 * pointer)
    #expect(byName["list_head"]?.members.map(\.byteOffset) == [0, pointer])
    #expect(byName["hlist_node"]?.size == 2 * pointer)
    #expect((byName["task_struct"]?.size ?? 0) > 1000)
    #expect((byName["module"]?.members.count ?? 0) > 10)
  }
}
