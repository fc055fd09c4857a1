import ReportSchema
import System

/// What every format of a `scan` says of a module: the same path and the same note.
enum ScanWords {
  /// Each module's path below the directory scanned, in order; with several
  /// directories, joined to its directory (the only way to tell two `fs/foo.ko` apart).
  /// Escaped as messages write paths (`FilePath.escaped`): control bytes and bytes that
  /// are not UTF-8 (from `pathBytes`) as `\xff`, never U+FFFD.
  static func paths(_ d: ScanDocument) -> [String] {
    let several = Set(d.modules.map { $0.directory ?? "" }).count > 1
    return d.modules.map { m in
      let relative = Escape.path(m.path, bytes: m.pathBytes)
      guard several, let directory = m.directory else { return relative }
      return FilePath.escaped(Array(directory.utf8)) + (directory.hasSuffix("/") ? "" : "/")
        + relative
    }
  }

  /// The error, or where the types came from and the most wasteful types (both: with
  /// `--debug-dir` and `--audit`, the audit is the point of the run).
  static func note(_ m: ScanDocument.Module) -> String {
    if let error = m.error { return error }
    var parts: [String] = []
    if let debug = m.debugFile { parts.append("DWARF from \(debug)") }
    if let types = m.typesFrom { parts.append("symbols; klp structs from \(types)") }
    if let waste = m.topWaste, !waste.isEmpty {
      parts.append(
        waste.map { "\($0.kind) \($0.name): \(counted(Int($0.bytes), "byte"))" }.joined(
          separator: "; "))
    }
    return parts.joined(separator: "; ")
  }

  /// The directories scanned, as given.
  static func directories(_ d: ScanDocument) -> [String] {
    Array(Set(d.modules.compactMap(\.directory))).sorted()
  }
}
