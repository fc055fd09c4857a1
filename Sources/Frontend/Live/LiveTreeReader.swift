import Livepatch
import ReportSchema
import System

/// Reads the livepatch sysfs ABI under a root (`Documentation/ABI/testing/
/// sysfs-kernel-livepatch`, Linux 6.12.118 and the 6.13 `stack_order` patch read;
/// docs/live.md). Every file is opened relative to its directory, without following a
/// symbolic link and without blocking (`DirectoryHandle`), and must be a regular file:
/// the kernel makes only directories and attribute files on these paths, so a symbolic
/// link, FIFO or device there is reported, never followed or waited on. Func
/// directories are taken by their names alone (the kernel gives them no attributes).
struct LiveTreeReader {
  /// A sysfs attribute is at most a page; /proc/sys values too.
  static let attributeLimit = 4096
  /// Entries read from one directory (a patch has a few thousand funcs at most).
  static let entryLimit = 1 << 16
  /// A module's BTF (`sys/kernel/btf/<module>`); vmlinux's is bounded by the BTF reader's
  /// own limit.
  static let moduleBTFLimit = 64 << 20

  let root: DirectoryHandle
  var tree = LiveTree()

  init(root: DirectoryHandle) { self.root = root }

  // MARK: directories

  /// The directory at `components` below the root, each step taken without following
  /// a link. nil when it is missing (`missing` is then set) or unreadable (reported).
  mutating func directory(
    _ components: [[UInt8]], missing: inout Bool
  ) -> DirectoryHandle? {
    var current = root
    for (i, name) in components.enumerated() {
      do { current = try current.directory(name) } catch {
        let path = Array(components[...i])
        if error == .noSuchFile {
          missing = true
        } else {
          tree.unreadable(path, describe(name, in: current, at: path, error))
        }
        return nil
      }
    }
    return current
  }

  /// Why `name` could not be opened as a directory: what it is, and for a link, where
  /// it leads.
  func describe(
    _ name: [UInt8], in directory: DirectoryHandle, at path: [[UInt8]], _ error: Errno
  ) -> String {
    guard let status = try? directory.status(of: name) else { return "cannot open: \(error)" }
    switch status.kind {
    case .directory: return "cannot open: \(error)"
    case .symbolicLink: return linkReason(name, in: directory, at: path)
    default: return "not a directory (it is \(status.kind.article))"
    }
  }

  /// "a symbolic link to 'X', out of the root: not followed".
  func linkReason(_ name: [UInt8], in directory: DirectoryHandle, at path: [[UInt8]]) -> String {
    guard let destination = try? directory.linkDestination(name) else {
      return "a symbolic link: not followed"
    }
    let shown = "a symbolic link to '\(destination.description)'"
    if destination.isAbsolute { return shown + ", an absolute path: not followed" }
    // Resolved by its text, from the link's own directory.
    var depth = path.count - 1
    for part in destination.bytes.split(separator: UInt8(ascii: "/")) {
      if part.elementsEqual("..".utf8) {
        depth -= 1
      } else if !part.elementsEqual(".".utf8) {
        depth += 1
      }
      if depth < 0 { return shown + ", out of the root: not followed" }
    }
    return shown + ": not followed (the kernel makes none here)"
  }

  /// The entries of `directory` at `path`, or nil (reported) when it cannot be listed
  /// or holds more than `entryLimit`.
  mutating func entries(
    of directory: DirectoryHandle, at path: [[UInt8]]
  ) -> [DirectoryEntry]? {
    do {
      let list = try directory.entries()
      guard list.count <= Self.entryLimit else {
        tree.unreadable(path, "more than \(Self.entryLimit) entries: not read")
        return nil
      }
      return list.sorted { $0.name.lexicographicallyPrecedes($1.name) }
    } catch {
      tree.unreadable(path, "cannot list: \(error)")
      return nil
    }
  }

  /// What an entry is, asking when `readdir` did not say.
  func kind(of entry: DirectoryEntry, in directory: DirectoryHandle) -> FileStatus.Kind {
    guard entry.kind == .unknown else { return entry.kind }
    return (try? directory.status(of: entry.name).kind) ?? .unknown
  }

  // MARK: files

  /// The bytes of the regular file `name`, nil when it is absent (`absent` set) or
  /// unreadable (reported).
  mutating func file(
    _ name: [UInt8], in directory: DirectoryHandle, at path: [[UInt8]], limit: Int,
    absent: inout Bool
  ) -> [UInt8]? {
    do { return try directory.readFile(name, limit: limit) } catch {
      if error == .system(.noSuchFile) {
        absent = true
      } else if case .system(let e) = error, e == .tooManySymbolicLinks {
        tree.unreadable(path + [name], linkReason(name, in: directory, at: path + [name]))
      } else {
        tree.unreadable(path + [name], error.description)
      }
      return nil
    }
  }

  /// A `"%d\n"` attribute.
  mutating func attribute(
    _ name: String, in directory: DirectoryHandle, at path: [[UInt8]]
  ) -> Attribute {
    var absent = false
    let bytes = file(
      Array(name.utf8), in: directory, at: path, limit: Self.attributeLimit, absent: &absent)
    if absent {
      tree.absentAttributes.insert(name)
      return .absent
    }
    guard let bytes else { return .unreadable }
    guard let value = Attribute.parse(bytes) else {
      tree.unreadable(
        path + [Array(name.utf8)],
        "expected a decimal number and a newline (\"%d\\n\"), found \(LiveTree.shown(bytes))")
      return .unreadable
    }
    return .value(value)
  }

  /// A 0/1 attribute (`enabled`, `transition`, `replace`, `patched`).
  mutating func flag(
    _ name: String, in directory: DirectoryHandle, at path: [[UInt8]]
  ) -> (Bool?, absent: Bool) {
    let read = attribute(name, in: directory, at: path)
    if case .absent = read { return (nil, true) }
    guard let value = read.number else { return (nil, false) }
    guard value == 0 || value == 1 else {
      tree.unreadable(path + [Array(name.utf8)], "expected 0 or 1, found \(value)")
      return (nil, false)
    }
    return (value == 1, false)
  }
}
