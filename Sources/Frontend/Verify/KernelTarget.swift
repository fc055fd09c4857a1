import BTF
import ElfDwarf
import LayoutLoader
import LayoutModel
import System
import Verify

/// The kernel `verify` checks modules against (`--target`), opened once through the
/// command's inputs: a vmlinux (with DWARF, or with symbols and `.BTF`; compressed
/// too) or a kernel's raw BTF (`/sys/kernel/btf/vmlinux`). Its symbol table is indexed
/// once; its types are loaded only by name, never the whole file.
final class KernelTarget {
  let input: ResolvedInput
  /// The ELF file; nil for raw BTF.
  let elf: ElfFile?
  /// The symbol table; nil for raw BTF or a vmlinux without one.
  let symbols: SymbolIndex?
  /// Its DWARF, else its BTF; nil when it has neither.
  let types: (any TypeProvider)?
  /// Section bytes read so far (`__kcrctab`, `.rodata`).
  private var bytes: [Int: [UInt8]] = [:]

  private init(
    input: ResolvedInput, elf: ElfFile?, symbols: SymbolIndex?, types: (any TypeProvider)?
  ) {
    self.input = input
    self.elf = elf
    self.symbols = symbols
    self.types = types
  }

  var path: String { input.path }
  var isRawBTF: Bool { elf == nil }

  /// Opens `path` and checks it is a kernel.
  static func open(_ path: String, inputs: CommandInputs) throws(FrontendError) -> KernelTarget {
    let input = try inputs.open(path)
    guard input.file.format != .rawBTF else {
      let types = try input.types(source: .btf)
      guard (types as? BTFTypeLoader)?.btf.find("task_struct", kind: .structure) != nil else {
        throw .verify(.notAKernel(file: path, found: "a raw BTF without struct task_struct"))
      }
      return KernelTarget(input: input, elf: nil, symbols: nil, types: types)
    }
    let elf = try input.elfFile()
    guard !elf.header.isRelocatable else {
      throw .verify(.notAKernel(file: path, found: "a relocatable object (a module?)"))
    }
    let symbols: SymbolIndex
    do { symbols = try SymbolIndex(elf) } catch { throw .reading(error) }
    let types = elf.hasDWARF || elf.hasBTF ? try input.types(source: .auto) : nil
    let target = KernelTarget(
      input: input, elf: elf, symbols: symbols.isEmpty ? nil : symbols, types: types)
    try target.requireKernel()
    return target
  }

  /// A vmlinux has `linux_banner` (init/version.c) or export tables; without a symbol
  /// table, its BTF has the kernel's structs.
  private func requireKernel() throws(FrontendError) {
    if let symbols, !symbols.named("linux_banner").isEmpty { return }
    if elf?.section(named: "__ksymtab") != nil { return }
    if (types as? BTFTypeLoader)?.btf.find("task_struct", kind: .structure) != nil { return }
    throw .verify(
      .notAKernel(
        file: path,
        found: symbols == nil
          ? "an ELF file without symbols or kernel types" : "no linux_banner and no __ksymtab"))
  }

  /// The `.BTF` of a vmlinux read from DWARF; nil when it has none that can be read
  /// (then nothing is assumed of it).
  func ownBTF() -> BTFTypeLoader? {
    guard types?.source == .dwarf, let elf, elf.hasBTF else { return nil }
    do { return try input.types(source: .btf) as? BTFTypeLoader } catch { return nil }
  }

  /// The types' source as reports name it.
  var typeSource: TypeSource? { types?.source }

  // MARK: facts

  /// `VERMAGIC_STRING`: the `vermagic` object (kernel/module/main.c), read where it is.
  func vermagic() throws(FrontendError) -> TargetValue<String> {
    guard let symbols else { return .unknown(noSymbols("carries no version string")) }
    guard let symbol = symbols.named("vermagic").first(where: \.isObject),
      let section = symbols.section(of: symbol)
    else { return .unknown("the target has no vermagic symbol") }
    guard let raw = try read(section, at: symbol.value, count: symbol.size) else {
      return .unknown("the target's \(section.name) has no bytes (vermagic is there, not its text)")
    }
    return .known(String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self))
  }

  /// Why a fact that needs the symbol table is not there.
  func noSymbols(_ what: String) -> String {
    isRawBTF ? "a raw BTF target \(what)" : "the target has no symbol table: it \(what)"
  }

  /// `size` bytes at address `address` of `section` (a linked file's address), nil when
  /// the section has no bytes in this file (`SHT_NOBITS`) or is too short.
  func read(
    _ section: ElfSection, at address: UInt64, count size: UInt64
  ) throws(FrontendError)
    -> [UInt8]?
  {
    guard !section.isNoBits, let elf, address >= section.address else { return nil }
    if bytes[section.index.rawValue] == nil {
      do { bytes[section.index.rawValue] = try elf.contents(of: section.index) } catch {
        throw .reading(error)
      }
    }
    let data = bytes[section.index.rawValue]!
    let start = address - section.address
    let (end, overflow) = start.addingReportingOverflow(size)
    guard !overflow, end <= UInt64(data.count) else { return nil }
    return Array(data[Int(start)..<Int(end)])
  }

  /// A 32-bit word in the target's byte order.
  func word(_ bytes: [UInt8]) -> UInt32 {
    let ordered = elf?.header.byteOrder == .big ? bytes : bytes.reversed()
    return ordered.reduce(0) { $0 << 8 | UInt32($1) }
  }
}
