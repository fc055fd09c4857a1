import ElfDwarf

/// A module's `.modinfo`: NUL-separated `tag=value` strings, read as `get_modinfo()`
/// reads them (kernel/module/main.c): the first string that starts with `tag=` wins.
struct Modinfo {
  private var entries: [(tag: String, value: String)] = []

  init(_ bytes: [UInt8]) {
    for item in bytes.split(separator: 0) {
      guard let equals = item.firstIndex(of: 0x3d) else { continue }
      entries.append(
        (
          String(decoding: item[item.startIndex..<equals], as: UTF8.self),
          String(decoding: item[(equals + 1)...], as: UTF8.self)
        ))
    }
  }

  /// The `.modinfo` of `file`; empty when it has none.
  init(of file: ElfFile) throws(ElfDwarfError) {
    guard let section = file.section(named: ".modinfo") else {
      self.init([])
      return
    }
    self.init(try file.contents(of: section.index))
  }

  /// The first value of `tag`.
  func first(_ tag: String) -> String? { entries.first { $0.tag == tag }?.value }

  /// Whether `tag=` is there at all.
  func has(_ tag: String) -> Bool { entries.contains { $0.tag == tag } }

  /// The name the kernel gives a module file: `.modinfo name=`, else the name in its
  /// `struct module` (`.gnu.linkonce.this_module`), after `enum module_state state` and
  /// `struct list_head list`: three pointers in (setup_load_info()).
  static func moduleName(of file: ElfFile) throws(ElfDwarfError) -> String? {
    if let name = try Modinfo(of: file).first("name") { return name }
    guard let section = file.section(named: ".gnu.linkonce.this_module") else { return nil }
    let bytes = try file.contents(of: section.index)
    let start = 3 * file.header.addressSize
    guard bytes.count > start else { return nil }
    let name = bytes[start...].prefix(56).prefix { $0 != 0 }
    return name.isEmpty ? nil : String(decoding: name, as: UTF8.self)
  }
}
