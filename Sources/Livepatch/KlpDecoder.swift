import ReportSchema
import ElfDwarf

/// Decodes static klp data from raw bytes, symbols and relocations, and rebuilds the
/// patch → objects → funcs tree. Pure: everything comes in as values.
public struct KlpDecoder {
  public let image: ObjectImage
  public let klp: KlpLayouts
  public let variables: [KlpVariable]

  public init(image: ObjectImage, klp: KlpLayouts, variables: [KlpVariable]) {
    self.image = image
    self.klp = klp
    self.variables = variables
  }

  /// Every klp variable with its element count, entries and sentinel.
  public func arrays() -> [InspectReport.StaticArray] {
    variables.map { v in
      var entries: UInt64 = 0
      while entries < v.count && !isSentinel(v, entries) { entries += 1 }
      return InspectReport.StaticArray(
        symbol: v.name, elementType: v.elementType, count: v.count, entries: entries,
        sentinel: entries < v.count, bytes: v.bytes, section: v.sectionName)
    }
  }

  /// Each `klp_patch` variable, its objects and their funcs, followed through pointers.
  public func patches() -> [InspectReport.Patch] {
    variables.filter { $0.elementType == "klp_patch" }.map { patch in
      let base = patch.offset
      let objects = elements(pointedAtBy: "objs", of: "klp_patch", at: base, in: patch).map(object)
      let states = elements(pointedAtBy: "states", of: "klp_patch", at: base, in: patch).map(state)
      let replace = value("replace", of: "klp_patch", at: base, in: patch.section) ?? 0
      return InspectReport.Patch(
        symbol: patch.name, replace: replace != 0, objects: objects, states: states)
    }
  }

  /// The kernel's own end-of-array tests: `funcs || name` for objects,
  /// `old_name || new_func || old_sympos` for funcs; a state ends at `id == 0`.
  func isSentinel(_ v: KlpVariable, _ index: UInt64) -> Bool {
    let at = v.elementOffset(index)
    switch v.elementType {
    case "klp_object":
      return isNull("funcs", of: "klp_object", at: at, in: v.section)
        && isNull("name", of: "klp_object", at: at, in: v.section)
    case "klp_func":
      return isNull("old_name", of: "klp_func", at: at, in: v.section)
        && isNull("new_func", of: "klp_func", at: at, in: v.section)
        && (value("old_sympos", of: "klp_func", at: at, in: v.section) ?? 0) == 0
    case "klp_state":
      return (value("id", of: "klp_state", at: at, in: v.section) ?? 0) == 0
    default:
      return false
    }
  }

  /// The elements from the one a pointer member targets up to the sentinel.
  func elements(
    pointedAtBy member: String, of type: String, at base: UInt64, in v: KlpVariable
  ) -> [(KlpVariable, UInt64)] {
    guard case .symbol(let name, let offset) = pointer(member, of: type, at: base, in: v.section),
      let target = variables.first(where: { $0.name == name }), target.elementSize > 0, offset >= 0
    else { return [] }
    var index = UInt64(offset) / target.elementSize
    var result: [(KlpVariable, UInt64)] = []
    while index < target.count && !isSentinel(target, index) {
      result.append((target, index))
      index += 1
    }
    return result
  }

  private func object(_ element: (KlpVariable, UInt64)) -> InspectReport.Object {
    let (v, index) = element
    let at = v.elementOffset(index)
    let name = string("name", of: "klp_object", at: at, in: v.section)
    var funcsSymbol: String?
    if case .symbol(let s, _) = pointer("funcs", of: "klp_object", at: at, in: v.section) {
      funcsSymbol = s
    }
    let funcs = elements(pointedAtBy: "funcs", of: "klp_object", at: at, in: v).map(function)
    return InspectReport.Object(
      name: name, target: name ?? "vmlinux", funcsSymbol: funcsSymbol, funcs: funcs,
      callbacks: callbacks(at: at, in: v.section))
  }

  private func function(_ element: (KlpVariable, UInt64)) -> InspectReport.Func {
    let (v, index) = element
    return decodeFunc(
      "klp_func", oldName: "old_name", newFunc: "new_func", sympos: "old_sympos",
      at: v.elementOffset(index), in: v.section)
  }

  /// A patched function from any struct that names one: `klp_func`, `klp_func_ext`,
  /// `kpatch_patch_func` (their member names differ, the meaning does not).
  func decodeFunc(
    _ type: String, oldName: String, newFunc: String, sympos: String, at: UInt64,
    in section: SectionIndex
  ) -> InspectReport.Func {
    var target: String?
    if case .symbol(let s, let offset) = pointer(newFunc, of: type, at: at, in: section) {
      target = offset == 0 ? s : "\(s)+\(offset)"
    }
    return InspectReport.Func(
      oldName: string(oldName, of: type, at: at, in: section), newFunc: target,
      oldSympos: value(sympos, of: type, at: at, in: section) ?? 0)
  }

  private func state(_ element: (KlpVariable, UInt64)) -> InspectReport.State {
    let (v, index) = element
    let at = v.elementOffset(index)
    return InspectReport.State(
      id: value("id", of: "klp_state", at: at, in: v.section) ?? 0,
      version: value("version", of: "klp_state", at: at, in: v.section) ?? 0)
  }

  /// The callback function pointers set in an object's embedded `struct klp_callbacks`.
  func callbacks(
    of type: String = "klp_object", at objectOffset: UInt64, in section: SectionIndex
  ) -> [String: String] {
    guard let embedded = klp.member("callbacks", of: type),
      let layout = klp.layouts["klp_callbacks"]
    else { return [:] }
    var result: [String: String] = [:]
    for m in layout.members where !m.isBitField && m.byteSize == UInt64(image.header.addressSize) {
      let at = objectOffset &+ embedded.byteOffset &+ m.byteOffset
      if case .symbol(let s, _) = image.pointer(in: section, at: at), let name = m.name {
        result[name] = s
      }
    }
    return result
  }

  // MARK: member access through the loaded layouts

  func pointer(
    _ member: String, of type: String, at base: UInt64, in section: SectionIndex
  ) -> ObjectImage.PointerValue {
    guard let m = klp.member(member, of: type) else { return .null }
    return image.pointer(in: section, at: base &+ m.byteOffset)
  }

  func isNull(_ member: String, of type: String, at base: UInt64, in section: SectionIndex) -> Bool
  {
    pointer(member, of: type, at: base, in: section) == .null
  }

  func string(
    _ member: String, of type: String, at base: UInt64, in section: SectionIndex
  ) -> String? {
    guard let m = klp.member(member, of: type) else { return nil }
    return image.string(in: section, at: base &+ m.byteOffset)
  }

  func value(
    _ member: String, of type: String, at base: UInt64, in section: SectionIndex
  ) -> UInt64? {
    guard let m = klp.member(member, of: type), !m.isBitField, let size = m.byteSize else {
      return nil
    }
    return image.integer(in: section, at: base &+ m.byteOffset, width: Int(size))
  }
}
