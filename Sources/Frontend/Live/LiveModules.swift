import ElfDwarf
import LayoutLoader
import Livepatch
import ReportSchema
import System

/// The files of the loaded patch modules, found under the modules directory and
/// checked to be the builds that are loaded before anything is taken from them.
struct LiveModules {
  /// A patch module's file, read.
  struct Match {
    var path: String
    var report: InspectReport
  }

  let tree: LiveTree
  let inputs: CommandInputs
  /// The running kernel's klp structs, for module files without DWARF.
  let typesFrom: (any TypeProvider)?
  var notes: [String] = []

  /// For each patch (by index), its module file, when exactly one file under
  /// `directory` is that module and passes the checks.
  mutating func find(under directory: String) -> [Int: Match] {
    let entries: [TreeWalker.Entry]
    do {
      _ = try FileStatus.of(FilePath(directory))
      entries = try TreeWalker.modules.entries(under: directory)
    } catch {
      let reason = (error as? Errno)?.description ?? "\(error)"
      notes.append(
        "no module files read (\(directory): \(reason)): klp bytes are counted from sysfs, and the no-ops of a replace "
          + "patch in transition cannot be told from its own funcs")
      return [:]
    }
    for entry in entries where entry.walkError != nil {
      notes.append("\(entry.display): \(entry.walkError!): module files there were not looked at")
    }
    var result: [Int: Match] = [:]
    for (i, patch) in tree.patches.enumerated() {
      let candidates = entries.filter {
        $0.walkError == nil && Self.moduleName(of: $0.raw) == patch.name
      }
      let matches = candidates.compactMap { check($0, for: patch) }
      if matches.count == 1 {
        result[i] = matches[0]
      } else if matches.count > 1 {
        notes.append(
          "\(FilePath.escaped(patch.name)): \(matches.count) module files match (\(matches.map(\.path).joined(separator: ", "))) and nothing tells which is loaded: none is used"
        )
      }
    }
    return result
  }

  /// The module name a file installs as: its name less the `.ko` suffix, `-` as `_`
  /// (kbuild's `KBUILD_MODNAME`).
  static func moduleName(of path: [UInt8]) -> [UInt8]? {
    let name = FilePath(bytes: path).lastComponent.bytes
    guard
      let suffix = TreeWalker.modules.suffixes.first(where: {
        name.count > $0.count && name.suffix($0.count).elementsEqual($0)
      })
    else { return nil }
    return name.dropLast(suffix.count).map { $0 == UInt8(ascii: "-") ? UInt8(ascii: "_") : $0 }
  }

  /// The file's report, when it is the loaded build: `.modinfo` names the module; its
  /// `.BTF` is the loaded module's (`sys/kernel/btf/<name>`), or else its `srcversion`
  /// is; and every func its klp data holds is one sysfs lists. A file that fails is
  /// not used, and a note says why.
  mutating func check(_ entry: TreeWalker.Entry, for patch: LoadedPatch) -> Match? {
    let shown = entry.display
    do {
      let input = try inputs.open(FilePath(bytes: entry.raw))
      let elf = try input.elfFile()
      let info = Self.modinfo(elf)
      guard info["name"].map({ Array($0.utf8) == patch.name }) ?? false else {
        notes.append("\(shown): its .modinfo names another module: not used")
        return nil
      }
      if let mismatch = try buildMismatch(elf, info: info, patch: patch) {
        notes.append("\(shown): \(mismatch): not the loaded build, not used")
        return nil
      }
      let report = try ModuleTypes.analyze(input, typesFrom: typesFrom).report
      let listed = Set(patch.functions)
      let own = report.patches.flatMap(LoadedStack.functions(of:))
      guard !report.patches.isEmpty, own.allSatisfy(listed.contains) else {
        notes.append(
          "\(shown): its klp data holds funcs the kernel does not list for \(FilePath.escaped(patch.name)): not the loaded build, not used"
        )
        return nil
      }
      return Match(path: input.path, report: report)
    } catch {
      notes.append("\(shown): \(error.description): not used")
      return nil
    }
  }

  /// Why the file is not the loaded build, from what both sides show; nil when they
  /// agree or nothing can be compared.
  func buildMismatch(
    _ elf: ElfFile, info: [String: String], patch: LoadedPatch
  ) throws(FrontendError) -> String? {
    if let loaded = tree.moduleBTF[patch.name], let section = elf.section(named: ".BTF") {
      let own: [UInt8]
      do { own = try elf.contents(of: section.index) } catch { throw .reading(error) }
      return own == loaded
        ? nil : "its .BTF differs from sys/kernel/btf/\(FilePath.escaped(patch.name))"
    }
    if let loaded = tree.modules[patch.name]?.srcversion, let own = info["srcversion"] {
      return own == loaded ? nil : "its srcversion \(own) is not the loaded \(loaded)"
    }
    return nil
  }

  /// `.modinfo`'s `key=value` strings, the first of each key.
  static func modinfo(_ elf: ElfFile) -> [String: String] {
    guard let section = elf.section(named: ".modinfo"),
      let bytes = try? elf.contents(of: section.index)
    else { return [:] }
    var result: [String: String] = [:]
    for entry in bytes.split(separator: 0) {
      guard let equals = entry.firstIndex(of: UInt8(ascii: "=")) else { continue }
      let key = String(decoding: entry[..<equals], as: UTF8.self)
      if result[key] == nil {
        result[key] = String(decoding: entry[(equals + 1)...], as: UTF8.self)
      }
    }
    return result
  }
}
