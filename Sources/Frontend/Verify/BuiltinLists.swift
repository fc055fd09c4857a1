import System

/// The lists a module tree carries beside its files (`make modules_install`, depmod):
/// which modules are built into vmlinux, and who exports what.
struct BuiltinLists {
  /// Built-in module name → where it was found (the `modules.builtin` line, or
  /// `modules.builtin.modinfo`).
  var builtin: [String: String] = [:]
  /// `modules.symbols`: symbol → the modules that export it; nil when absent.
  var exporters: [String: [String]]?
  /// Lists that could not be read (name → why).
  var problems: [String: String] = [:]

  static let limit: UInt64 = 64 << 20

  static func read(_ root: String) -> BuiltinLists {
    var lists = BuiltinLists()
    let builtin = lists.file(root, "modules.builtin", required: false)
    let modinfo = lists.file(root, "modules.builtin.modinfo", required: false)
    if builtin == nil && modinfo == nil && lists.problems.isEmpty {
      lists.problems["modules.builtin"] =
        "missing (and modules.builtin.modinfo too): which modules are built in is not known"
    }
    for line in (builtin ?? []).split(separator: 0x0a) {
      let text = String(decoding: line, as: UTF8.self)
      lists.builtin[name(ofBuiltinLine: text)] = text
    }
    // `<module>.<tag>=<value>` records, the module as KBUILD_MODNAME spells it.
    for record in (modinfo ?? []).split(separator: 0) {
      guard let dot = record.firstIndex(of: 0x2e), dot > record.startIndex else { continue }
      let name = String(decoding: record[record.startIndex..<dot], as: UTF8.self)
      if lists.builtin[name] == nil { lists.builtin[name] = "modules.builtin.modinfo" }
    }
    if let symbols = lists.file(root, "modules.symbols", required: false) {
      lists.exporters = exporters(symbols)
    }
    return lists
  }

  /// `kernel/net/ipv4/tcp_cubic.ko` → `tcp_cubic` (the file name, `-` and `,` made `_`,
  /// as kbuild makes KBUILD_MODNAME of it).
  static func name(ofBuiltinLine line: String) -> String {
    let base = line.split(separator: "/").last.map(String.init) ?? line
    let stem = base.hasSuffix(".ko") ? String(base.dropLast(3)) : base
    return String(stem.map { $0 == "-" || $0 == "," ? "_" : $0 })
  }

  /// `alias symbol:<name> <module>` lines.
  static func exporters(_ bytes: [UInt8]) -> [String: [String]] {
    var result: [String: [String]] = [:]
    for line in bytes.split(separator: 0x0a) {
      let words = String(decoding: line, as: UTF8.self).split(separator: " ")
      guard words.count == 3, words[0] == "alias", words[1].hasPrefix("symbol:") else { continue }
      result[String(words[1].dropFirst(7)), default: []].append(String(words[2]))
    }
    return result
  }

  /// The bytes of `root/name`; nil when it is not there, a problem when it cannot be read.
  private mutating func file(_ root: String, _ name: String, required: Bool) -> [UInt8]? {
    let path = FilePath(root).appending(FilePath(name))
    do {
      let input = try InputFile.open(path, expecting: "a list of the module tree")
      return try input.readAll(limit: Self.limit)
    } catch {
      if case .unreadable(_, let reason) = error, reason == .noSuchFile, !required { return nil }
      problems[name] = error.description
      return nil
    }
  }
}
