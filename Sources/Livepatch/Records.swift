import ElfDwarf
import ReportSchema
import WhatIf

/// Records-based livepatch modules: kpatch (`struct kpatch_patch_func` in
/// `.kpatch.funcs`) and klp-build (`struct klp_object_ext` / `klp_func_ext` in
/// `.init.klp_objects` / `.init.klp_funcs`, `__klp_objects` / `__klp_funcs` before the
/// 2026 rename) emit records, and their init code allocates the klp structs.
enum RecordTypes {
  /// The record struct names a records-based module defines.
  static let names =
    ["kpatch_patch_func", "klp_object_ext", "klp_func_ext"] + kpatchCallbackKinds.map(\.type)

  /// kpatch's object callbacks (`kpatch-patch.h`): one section per kind, each record
  /// `{ callback, objname }`; the patch hook copies them into the klp_object's
  /// `callbacks`, so `inspect` shows them under the same names as klp-build's.
  static let kpatchCallbackKinds: [(member: String, section: String, type: String)] =
    ["pre_patch", "post_patch", "pre_unpatch", "post_unpatch"].map {
      ($0, ".kpatch.callbacks." + $0, "kpatch_\($0)_callback")
    }
}

/// One section of records, placed in the file.
public struct RecordSection: Hashable, Sendable {
  public var name: String
  public var index: SectionIndex
  public var elementType: String
  public var elementSize: UInt64
  /// Records in the section: its size over the record size.
  public var count: UInt64

  public func offset(of record: UInt64) -> UInt64 { record &* elementSize }
}

extension KlpDecoder {
  /// kpatch: one record per function, grouped by `objname` in order of appearance;
  /// `"vmlinux"` stands for the kernel (the hook makes it `name = NULL`).
  func kpatchObjects(_ funcs: RecordSection) -> [InspectReport.Object] {
    var order: [String] = []
    var byObject: [String: [InspectReport.Func]] = [:]
    for i in 0..<funcs.count {
      let at = funcs.offset(of: i)
      let objname = string("objname", of: "kpatch_patch_func", at: at, in: funcs.index) ?? "vmlinux"
      let f = decodeFunc(
        "kpatch_patch_func", oldName: "name", newFunc: "new_addr", sympos: "sympos", at: at,
        in: funcs.index)
      if byObject[objname] == nil { order.append(objname) }
      byObject[objname, default: []].append(f)
    }
    return order.map { name in
      InspectReport.Object(
        name: name == "vmlinux" ? nil : name, target: name, funcsSymbol: funcs.name,
        funcs: byObject[name] ?? [],
        callbacks: [:])
    }
  }

  /// Adds kpatch's callback records to the objects they name (`"vmlinux"` or none is
  /// the kernel). An object with callbacks but no funcs is added, as the hook does.
  func kpatchCallbacks(_ sections: [RecordSection], to objects: inout [InspectReport.Object]) {
    for kind in RecordTypes.kpatchCallbackKinds {
      guard let section = sections.first(where: { $0.name == kind.section }) else { continue }
      for i in 0..<section.count {
        let at = section.offset(of: i)
        guard
          case .symbol(let callback, _) = pointer(
            "callback", of: kind.type, at: at, in: section.index)
        else { continue }
        let objname = string("objname", of: kind.type, at: at, in: section.index) ?? "vmlinux"
        if !objects.contains(where: { $0.target == objname }) {
          objects.append(
            InspectReport.Object(
              name: objname == "vmlinux" ? nil : objname, target: objname, funcsSymbol: nil,
              funcs: [], callbacks: [:]))
        }
        let index = objects.firstIndex { $0.target == objname }!
        objects[index].callbacks[kind.member] = callback
      }
    }
  }

  /// klp-build: each object record points at its first func record and says how many.
  func klpBuildObjects(_ objects: RecordSection, _ funcs: RecordSection?) -> [InspectReport.Object]
  {
    (0..<objects.count).map { i in
      let at = objects.offset(of: i)
      let name = string("name", of: "klp_object_ext", at: at, in: objects.index)
      let count = value("nr_funcs", of: "klp_object_ext", at: at, in: objects.index) ?? 0
      var list: [InspectReport.Func] = []
      if let funcs,
        case .symbol(_, let offset) = pointer(
          "funcs", of: "klp_object_ext", at: at, in: objects.index),
        offset >= 0, funcs.elementSize > 0
      {
        let first = UInt64(offset) / funcs.elementSize
        var index = first
        while index < funcs.count && index < first &+ count {
          list.append(funcExt(funcs, index))
          index += 1
        }
      }
      return InspectReport.Object(
        name: name, target: name ?? "vmlinux", funcsSymbol: funcs?.name, funcs: list,
        callbacks: callbacks(of: "klp_object_ext", at: at, in: objects.index))
    }
  }

  private func funcExt(_ funcs: RecordSection, _ index: UInt64) -> InspectReport.Func {
    decodeFunc(
      "klp_func_ext", oldName: "old_name", newFunc: "new_func", sympos: "sympos",
      at: funcs.offset(of: index), in: funcs.index)
  }
}

/// What a records-based module's init code allocates (`InitHeap`), for `inspect`.
public enum RecordsHeap {
  public static func price(
    objects: [InspectReport.Object], klp: KlpLayouts, kmalloc: KmallocClasses = .standard
  ) -> InspectReport.Heap? {
    guard let patch = klp.size(of: "klp_patch"), let object = klp.size(of: "klp_object"),
      let function = klp.size(of: "klp_func")
    else { return nil }
    let allocations = self.allocations(
      objects: objects, patch: patch, object: object, function: function, kmalloc: kmalloc
    ).map {
      Allocation(
        what: $0.what, count: $0.count, requested: $0.requested, cache: $0.cache, bytes: $0.bytes)
    }
    return InspectReport.Heap(
      allocations: allocations, bytes: allocations.reduce(0) { $0 &+ $1.totalBytes })
  }

  /// The same allocations for given struct sizes (another module's, of the same kernel).
  public static func allocations(
    objects: [InspectReport.Object], patch: UInt64, object: UInt64, function: UInt64,
    kmalloc: KmallocClasses = .standard
  ) -> [HeapAllocation] {
    InitHeap.allocations(
      funcsPerObject: objects.map { UInt64($0.funcs.count) }, patch: patch, object: object,
      function: function, kmalloc: kmalloc)
  }
}
