import Frontend
import LayoutModel
import Reports
import TestSupport
import Testing
import WhatIf

/// Audit's proposals against pahole's `--reorganize` on the same structs: ours must
/// save at least as much, and every proposal must be real (a permutation of the
/// members that the re-layout engine, verified against the compilers, makes smaller).
struct AuditTests {
  static let files =
    Fixtures.files(under: "obj/x86_64/dwarf5", suffixes: [".o"]) + [
      "modules/6.1/dwarf5/livepatch-sample.ko"
    ]

  static func paholeSaved(_ type: String, kind: String, _ file: String) throws -> UInt64 {
    guard kind == "struct" else { return 0 }
    let out = try Pahole.run(["--reorganize", "-C", type, Fixtures.path(file)])
    // Where pahole's proposal breaks an aligned(N), its saving is not a real one.
    guard let r = out.range(of: "/* saved "), Pahole.keepsAlignment(out) else { return 0 }
    return UInt64(out[r.upperBound...].prefix { $0.isNumber }) ?? 0
  }

  @Test(arguments: files)
  func savesAtLeastWhatPaholeSaves(relative: String) throws {
    let types = relative.hasSuffix(".ko") ? ["klp_func", "klp_object", "klp_patch"] : []
    let document = try AuditUseCase.run(
      try ResolvedInput.open(Fixtures.path(relative), options: .init()), types: types)
    #expect(!document.types.isEmpty)
    var worse: [String] = []
    for entry in document.types {
      let pahole = try Self.paholeSaved(entry.name, kind: entry.kind.rawValue, relative)
      if entry.saved < pahole {
        worse.append("\(entry.key): pahole saves \(pahole), we save \(entry.saved)")
      }
      guard let size = entry.proposedSize, let proposed = document.proposedLayouts[entry.key] else {
        continue
      }
      #expect(size < entry.size && size == proposed.layout.size)
      let original = proposed.table.types.values.compactMap { t -> AggregateType? in
        if case .aggregate(let a) = t, TypeKind(a.kind) == entry.kind, a.name == entry.name,
          !a.isDeclaration
        {
          return a
        }
        return nil
      }.first
      #expect(
        original.map { $0.members.map { $0.name ?? "<anonymous>" }.sorted() }
          == entry.proposedOrder?.sorted(), "\(entry.key)")
    }
    #expect(worse.isEmpty, "\(relative): \(worse)")
  }

  /// The number the issue names: pahole gets klp_patch from 200 to 192 on the 6.1 sample.
  @Test func klpPatchShrinksTo192() throws {
    let input = try ResolvedInput.open(
      Fixtures.path("modules/6.1/dwarf5/livepatch-sample.ko"), options: .init())
    let document = try AuditUseCase.run(input, types: ["klp_patch"])
    let entry = try #require(document.types.first)
    #expect(
      entry.size == 200 && entry.proposedSize == 192 && entry.instances == 1
        && entry.savedInInstances == 8)
  }

  /// Reduced debug info: no phantom hole where pahole prints one, and the real layout
  /// once another unit (or --types-from) supplies the definition.
  @Test func declarationsAreNotHoles() throws {
    let alone = try LayoutRequestHelper.layout("reduced/x86_64/outer.o", "outer")
    #expect(alone.holeBytes == 7)
    #expect(alone.unknownSizeMembers.map(\.name) == ["in"])
    let paholeView = try Pahole.run(["-C", "outer", Fixtures.path("reduced/x86_64/outer.o")])
    #expect(
      paholeView.contains("XXX 16 bytes hole"), "pahole's phantom hole is what this guards against")
    let linked = try LayoutRequestHelper.layout("reduced/x86_64/linked.o", "outer")
    #expect(
      linked.unknownSizeMembers.isEmpty && linked.holeBytes == 7 && linked.members[1].byteSize == 16
    )
    let completed = try LayoutRequestHelper.layout(
      "reduced/x86_64/outer.o", "outer", typesFrom: "reduced/x86_64/inner.o")
    #expect(completed.unknownSizeMembers.isEmpty && completed.members[1].byteSize == 16)
  }
}

import LayoutLoader

enum LayoutRequestHelper {
  static func layout(
    _ relative: String, _ type: String, typesFrom: String? = nil
  ) throws -> StructLayout {
    let result = try LayoutRequest(
      path: Fixtures.path(relative), types: [type], typesFrom: typesFrom.map(Fixtures.path)
    ).run()
    return try #require(result.layouts.first)
  }
}
