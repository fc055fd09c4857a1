import ElfDwarf

/// The static klp variables of a module without DWARF, found the way the kernel reaches
/// them, through the symbol table and relocations (docs/stripped.md).
///
/// `strip --strip-debug` (what `make modules_install INSTALL_MOD_STRIP=1` runs, and how
/// distributions ship modules) keeps `.symtab`, `.strtab` and every `.rela*` section:
/// the `klp_patch` and its `objs`/`funcs` arrays stay there as local `STT_OBJECT`
/// symbols with their sizes, and every pointer between them is a relocation. What the
/// symbol table does not say is a symbol's type, so the walk starts where the kernel's
/// own checks make it certain (Linux 6.1.192 `klp_enable_patch()`, kernel/livepatch/
/// core.c, refuses a patch whose `mod`, `objs` or an object's `funcs` is NULL):
///
/// - a `klp_patch` is an object symbol whose size is a multiple of
///   `sizeof(struct klp_patch)` and whose every element's `mod` slot is a relocation to
///   `__this_module` (`.mod = THIS_MODULE`);
/// - its `objs` and `states`, and each object's `funcs` (up to the sentinel the kernel
///   stops at), are followed through their relocations to the object symbol covering
///   the target, which must be a whole array of that struct.
///
/// Sizes and member offsets come from the layouts given (`--types-from`, or the module's
/// own `.BTF`), never from constants.
struct SymbolVariables {
  let file: ElfFile
  let klp: KlpLayouts
  let symbols: [ElfSymbol]
  private var relocations: [SectionIndex: [Relocation]] = [:]
  private var bytes: [SectionIndex: [UInt8]] = [:]

  /// The klp variables of `file`, sorted as the DWARF reader sorts them; empty when it
  /// holds no `klp_patch` with `.mod = THIS_MODULE`.
  static func find(in file: ElfFile, klp: KlpLayouts) throws(LivepatchError) -> [KlpVariable] {
    guard file.header.isRelocatable else { return [] }
    var walk: SymbolVariables
    do { walk = SymbolVariables(file: file, klp: klp, symbols: try file.symbols()) } catch {
      throw .reading(error)
    }
    return try walk.variables()
  }

  private init(file: ElfFile, klp: KlpLayouts, symbols: [ElfSymbol]) {
    self.file = file
    self.klp = klp
    self.symbols = symbols
  }

  /// Patches first, then what they point at, each array once.
  private mutating func variables() throws(LivepatchError) -> [KlpVariable] {
    var found: [SymbolIndex: KlpVariable] = [:]
    for patch in try patches() {
      found[patch.symbol] = patch.variable
      for i in 0..<patch.variable.count {
        let at = patch.variable.elementOffset(i)
        for (member, type) in [("objs", "klp_object"), ("states", "klp_state")] {
          guard let array = try array(from: patch.variable, at: at, member: member, of: type)
          else { continue }
          found[array.symbol] = array.variable
        }
      }
    }
    for object in found.values.filter({ $0.elementType == "klp_object" }) {
      for at in try entries(of: object) {
        guard let funcs = try array(from: object, at: at, member: "funcs", of: "klp_func")
        else { continue }
        found[funcs.symbol] = funcs.variable
      }
    }
    return found.values.sorted { ($0.sectionName, $0.offset) < ($1.sectionName, $1.offset) }
  }

  /// Object symbols shaped as `klp_patch` arrays whose every `mod` is `THIS_MODULE`.
  private mutating func patches() throws(LivepatchError) -> [(
    symbol: SymbolIndex, variable: KlpVariable
  )] {
    guard let size = klp.size(of: "klp_patch"), size > 0,
      let mod = klp.member("mod", of: "klp_patch")
    else { return [] }
    var result: [(SymbolIndex, KlpVariable)] = []
    for symbol in symbols where symbol.isObject && symbol.size > 0 && symbol.size % size == 0 {
      guard let variable = variable(symbol, type: "klp_patch", size: size) else { continue }
      var isPatch = true
      for i in 0..<variable.count where isPatch {
        let slot = try slot(variable.section, variable.elementOffset(i) &+ mod.byteOffset)
        isPatch = slot.map { symbols[$0.symbol.rawValue].name == "__this_module" } ?? false
      }
      if isPatch { result.append((symbol.index, variable)) }
    }
    return result
  }

  /// The elements of a `klp_object` array the kernel reads: up to its sentinel
  /// (`klp_for_each_object_static()`: both `funcs` and `name` NULL).
  private mutating func entries(of objects: KlpVariable) throws(LivepatchError) -> [UInt64] {
    guard let funcs = klp.member("funcs", of: "klp_object"),
      let name = klp.member("name", of: "klp_object")
    else { return [] }
    var result: [UInt64] = []
    for i in 0..<objects.count {
      let at = objects.elementOffset(i)
      let funcsNull = try isNull(objects.section, at &+ funcs.byteOffset)
      if funcsNull, try isNull(objects.section, at &+ name.byteOffset) { break }
      result.append(at)
    }
    return result
  }

  /// The array `holder.member` (at `at`) points into, as a variable of `type`: the
  /// object symbol covering the target must be a whole number of elements, and the
  /// target an element boundary. nil for a NULL pointer.
  private mutating func array(
    from holder: KlpVariable, at: UInt64, member: String, of type: String
  ) throws(LivepatchError) -> (symbol: SymbolIndex, variable: KlpVariable)? {
    guard let slotMember = klp.member(member, of: holder.elementType),
      let size = klp.size(of: type), size > 0
    else { return nil }
    let offset = at &+ slotMember.byteOffset
    guard let slot = try slot(holder.section, offset) else { return nil }
    let what = "\(holder.elementType).\(member)"
    let (section, target) = try self.target(of: slot, from: holder, what: what)
    guard let covering = covering(target, in: section) else {
      throw .badVariable(
        file: file.path, symbol: holder.name,
        reason:
          "\(what) points at \(sectionName(section))+0x\(String(target, radix: 16)), which no symbol covers: "
          + "the module's local symbols were stripped (strip --strip-debug keeps them, --strip-unneeded does not); "
          + "read it with its debug info (--debug-dir)")
    }
    guard covering.size % size == 0, (target &- covering.value) % size == 0,
      let variable = variable(covering, type: type, size: size)
    else {
      throw .badVariable(
        file: file.path, symbol: holder.name,
        reason:
          "\(what) points at '\(covering.name)'+\(target &- covering.value) (\(covering.size) bytes), "
          + "which is not an array of struct \(type) (\(size) bytes each)")
    }
    return (covering.index, variable)
  }

  /// The section and offset a relocated slot points at (a section symbol plus addend,
  /// or a named symbol plus addend); a target outside this file is an error.
  private func target(
    of slot: (symbol: SymbolIndex, addend: Int64), from holder: KlpVariable, what: String
  ) throws(LivepatchError) -> (SectionIndex, UInt64) {
    let symbol = symbols[slot.symbol.rawValue]
    let (value, overflow) = Int64(bitPattern: symbol.value).addingReportingOverflow(slot.addend)
    guard let section = symbol.section, !overflow, value >= 0 else {
      throw .badVariable(
        file: file.path, symbol: holder.name,
        reason:
          "\(what) points at '\(symbol.name)'\(slot.addend >= 0 ? "+" : "")\(slot.addend), outside this file"
      )
    }
    return (section, UInt64(value))
  }

  /// The smallest object symbol whose bytes hold `offset` of `section`.
  private func covering(_ offset: UInt64, in section: SectionIndex) -> ElfSymbol? {
    symbols.filter { s in
      s.isObject && s.section == section && s.size > 0 && s.value <= offset
        && offset < s.value &+ s.size
    }.min { $0.size < $1.size }
  }

  private func variable(_ symbol: ElfSymbol, type: String, size: UInt64) -> KlpVariable? {
    guard let index = symbol.section, let section = file.section(at: index) else { return nil }
    return KlpVariable(
      name: symbol.name, elementType: type, count: symbol.size / size, section: index,
      sectionName: section.name, offset: symbol.value, elementSize: size)
  }

  private func sectionName(_ index: SectionIndex) -> String {
    file.section(at: index)?.name ?? "section \(index.rawValue)"
  }

  // MARK: pointer slots

  /// The relocation at `offset` of `section` (symbol and addend); nil when there is
  /// none, which in a relocatable file means a NULL pointer (or a non-zero constant).
  private mutating func slot(
    _ section: SectionIndex, _ offset: UInt64
  ) throws(LivepatchError) -> (symbol: SymbolIndex, addend: Int64)? {
    guard let relocation = try relocation(in: section, at: offset),
      relocation.symbol.rawValue > 0, relocation.symbol.rawValue < symbols.count
    else { return nil }
    if let addend = relocation.explicitAddend { return (relocation.symbol, addend) }
    // REL: the addend is in the slot itself.
    let raw = try integer(in: section, at: offset) ?? 0
    let width = UInt64(file.header.addressSize) * 8
    let signed = width == 64 ? Int64(bitPattern: raw) : Int64(Int32(truncatingIfNeeded: raw))
    return (relocation.symbol, signed)
  }

  /// Whether a pointer slot is NULL: no relocation and all zero bytes.
  private mutating func isNull(
    _ section: SectionIndex, _ offset: UInt64
  ) throws(LivepatchError) -> Bool {
    if try relocation(in: section, at: offset) != nil { return false }
    return try integer(in: section, at: offset) ?? 0 == 0
  }

  private mutating func relocation(
    in section: SectionIndex, at offset: UInt64
  ) throws(LivepatchError) -> Relocation? {
    if relocations[section] == nil {
      do { relocations[section] = try file.relocations(applyingTo: section) } catch {
        throw .reading(error)
      }
    }
    let list = relocations[section]!
    var low = 0
    var high = list.count
    while low < high {
      let mid = (low + high) / 2
      if list[mid].offset < offset { low = mid + 1 } else { high = mid }
    }
    return low < list.count && list[low].offset == offset ? list[low] : nil
  }

  /// A pointer-sized integer in the target's byte order; 0 in `SHT_NOBITS`; nil past
  /// the section's end.
  private mutating func integer(
    in section: SectionIndex, at offset: UInt64
  ) throws(LivepatchError) -> UInt64? {
    guard let s = file.section(at: section) else { return nil }
    let width = UInt64(file.header.addressSize)
    let (end, overflow) = offset.addingReportingOverflow(width)
    guard !overflow, end <= s.size else { return nil }
    if s.isNoBits { return 0 }
    if bytes[section] == nil {
      do { bytes[section] = try file.contents(of: section) } catch { throw .reading(error) }
    }
    let data = bytes[section]!
    guard end <= UInt64(data.count) else { return nil }
    let slice = data[Int(offset)..<Int(end)]
    let ordered = file.header.byteOrder == .little ? Array(slice.reversed()) : Array(slice)
    return ordered.reduce(0) { $0 << 8 | UInt64($1) }
  }
}
