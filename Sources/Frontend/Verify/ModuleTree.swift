import ElfDwarf
import FoundationEssentials
import System
import Verify

/// A module tree (`--modules`: `/lib/modules/RELEASE`, a debug tree, an extract):
/// its module files (`.ko`, `.ko.xz`, `.ko.gz`, `.ko.zst`), found by walking it without
/// following links, and its built-in modules (`modules.builtin`,
/// `modules.builtin.modinfo`). A module's name is read from its file (`.modinfo name=`,
/// else `.gnu.linkonce.this_module`), as the kernel names it, never from the file
/// name; the file name only says which file to read first. A name that no file so
/// named has costs a read of every file, once.
final class ModuleTree {
  let root: String
  private let inputs: CommandInputs
  private let files: [TreeWalker.Entry]
  /// Module name → index in `files`, for every file read.
  private var named: [String: Int] = [:]
  private var read = Set<Int>()
  /// Files (relative paths) that could not be read, with why.
  private(set) var unreadable: [String: String] = [:]
  /// The opened files of the modules found.
  private var opened: [String: ElfFile] = [:]
  let builtin: [String: String]
  /// `modules.symbols` (depmod): exported symbol → the modules exporting it.
  private let exporters: [String: [String]]?

  private init(
    root: String, inputs: CommandInputs, files: [TreeWalker.Entry],
    builtin: [String: String], exporters: [String: [String]]?, unreadable: [String: String]
  ) {
    self.root = root
    self.inputs = inputs
    self.files = files
    self.builtin = builtin
    self.exporters = exporters
    self.unreadable = unreadable
  }

  /// Walks `root` (its listing only: no module file is read yet).
  static func open(_ root: String, inputs: CommandInputs) throws(FrontendError) -> ModuleTree {
    let status: FileStatus
    do { status = try FileStatus.of(FilePath(root)) } catch {
      throw .verify(.badModuleTree(path: root, reason: error.description))
    }
    guard status.kind == .directory else {
      throw .verify(.badModuleTree(path: root, reason: "not a directory"))
    }
    let entries = try TreeWalker.modules.entries(under: root)
    var unreadable: [String: String] = [:]
    for entry in entries { if let e = entry.walkError { unreadable[relative(entry)] = e } }
    let lists = BuiltinLists.read(root)
    unreadable.merge(lists.problems) { a, _ in a }
    return ModuleTree(
      root: root, inputs: inputs, files: entries.filter { $0.walkError == nil },
      builtin: lists.builtin, exporters: lists.exporters, unreadable: unreadable)
  }

  static func relative(_ entry: TreeWalker.Entry) -> String {
    String(decoding: entry.relative, as: UTF8.self)
  }

  /// The file of module `name`: first the files whose name kbuild would turn into it,
  /// then, if none is it, every file.
  func module(_ name: String) -> (file: String, elf: ElfFile)? {
    if let found = opened[name], let i = named[name] { return (Self.relative(files[i]), found) }
    for i in files.indices where !read.contains(i) && Self.stem(files[i]) == kbuildStem(name) {
      readName(i, keep: true)
    }
    if named[name] == nil { readAll() }
    guard let i = named[name] else { return nil }
    if opened[name] == nil { readName(i, keep: true) }
    return opened[name].map { (Self.relative(files[i]), $0) }
  }

  /// Every module file read (for names no file is named after).
  func readAll() {
    for i in files.indices where !read.contains(i) { readName(i, keep: false) }
  }

  /// How many module files the tree has.
  var fileCount: Int { files.count }

  /// Whether every file of the tree has been read.
  var complete: Bool { read.count == files.count }

  /// Module name → file, for every module read.
  var modules: [String: String] { named.mapValues { Self.relative(files[$0]) } }

  /// The modules `modules.symbols` says export `symbol`; nil without that file.
  func exporters(of symbol: String) -> [String]? { exporters.map { $0[symbol] ?? [] } }

  private func kbuildStem(_ name: String) -> String {
    String(name.map { $0 == "-" || $0 == "," ? "_" : $0 })
  }

  /// `kernel/net/ipv4/tcp-foo.ko.xz` → `tcp_foo`.
  static func stem(_ entry: TreeWalker.Entry) -> String {
    let base = entry.raw.split(separator: 0x2f).last.map(Array.init) ?? entry.raw
    let name = String(decoding: base, as: UTF8.self)
    let stem = name.firstRange(of: ".ko").map { String(name[..<$0.lowerBound]) } ?? name
    return String(stem.map { $0 == "-" || $0 == "," ? "_" : $0 })
  }

  /// Which module of the tree exports each of `names` (vmlinux does not), with its CRC:
  /// `__ksymtab_<name>` in the module's `__ksymtab`/`__ksymtab_gpl`, the CRC at
  /// `__crc_<name>`'s offset in its `__kcrctab`. `modules.symbols` says which modules
  /// to read; without it, every module is read for them, once.
  func exports(
    of names: Set<String>
  ) throws(FrontendError) -> [String: (
    module: String, crc: UInt32?
  )] {
    var result: [String: (module: String, crc: UInt32?)] = [:]
    guard !names.isEmpty else { return result }
    if let exporters {
      for name in names.sorted() {
        for module in exporters[name] ?? [] {
          guard result[name] == nil, let (_, elf) = self.module(module) else { continue }
          if let crc = try Self.export(name, of: elf) { result[name] = (module, crc) }
        }
      }
      return result
    }
    for i in files.indices {
      guard let (module, elf) = try? openTransiently(i) else { continue }
      for name in names where result[name] == nil {
        if let crc = try Self.export(name, of: elf) { result[name] = (module, crc) }
      }
    }
    return result
  }

  /// nil when `elf` does not export `name`; else its CRC (nil inside when it has none).
  private static func export(_ name: String, of elf: ElfFile) throws(FrontendError) -> UInt32?? {
    let symbols: SymbolIndex
    do { symbols = try SymbolIndex(elf) } catch { throw .reading(error) }
    let exported = symbols.named("__ksymtab_" + name).contains { symbol in
      !symbol.isSection
        && symbols.section(of: symbol).map { KernelTarget.exportSections.contains($0.name) } == true
    }
    guard exported else { return nil }
    for symbol in symbols.named("__crc_" + name) {
      guard let section = symbols.section(of: symbol),
        KernelTarget.crcSections.contains(section.name), !section.isNoBits
      else { continue }
      let bytes: [UInt8]
      do { bytes = try elf.contents(of: section.index) } catch { throw .reading(error) }
      let start = Int(clamping: symbol.value)
      guard start <= bytes.count - 4 else { continue }
      let word =
        elf.header.byteOrder == .big
        ? bytes[start..<start + 4] : bytes[start..<start + 4].reversed()[...]
      return .some(word.reduce(0) { $0 << 8 | UInt32($1) })
    }
    return .some(nil)
  }

  /// File `i` read and let go, with its module name.
  private func openTransiently(_ i: Int) throws -> (String, ElfFile) {
    let input = try ResolvedInput.openFile(FilePath(bytes: files[i].raw))
    let elf = try ElfFile.open(input, limits: inputs.options.limits)
    guard let name = try Modinfo.moduleName(of: elf) else {
      throw FrontendError.mismatch("no name")
    }
    return (name, elf)
  }

  /// Reads file `i`'s module name. A file the tree lists but that cannot be read is
  /// recorded, never skipped silently: a name it might hold is then not known absent.
  /// With `keep`, it is opened through the command's inputs (checked unchanged at the
  /// end) and kept; otherwise read and let go (a whole tree would not fit in memory).
  private func readName(_ i: Int, keep: Bool) {
    read.insert(i)
    let path = FilePath(bytes: files[i].raw)
    do {
      let elf: ElfFile
      if keep {
        elf = try inputs.open(path).elfFile()
      } else {
        let input = try ResolvedInput.openFile(path)
        do { elf = try ElfFile.open(input, limits: inputs.options.limits) } catch {
          throw FrontendError.reading(error)
        }
      }
      let name: String?
      do { name = try Modinfo.moduleName(of: elf) } catch { throw FrontendError.reading(error) }
      guard let name else {
        unreadable[Self.relative(files[i])] =
          "no module name in .modinfo or .gnu.linkonce.this_module"
        return
      }
      if named[name] == nil { named[name] = i }
      if keep && named[name] == i { opened[name] = elf }
    } catch let error as FrontendError {
      unreadable[Self.relative(files[i])] = error.description
    } catch {
      unreadable[Self.relative(files[i])] = "\(error)"
    }
  }
}
