import Livepatch
import ReportSchema
import System

/// What a kernel's sysfs and /proc said under a root (docs/live.md): the loaded
/// patches, their modules' sizes, the release, the running kernel's BTF, and every
/// path that could not be read, with why.
struct LiveTree {
  var patches: [LoadedPatch] = []
  /// `sys/module/<patch>/…`, by patch (module) name.
  var modules: [[UInt8]: ModuleAttributes] = [:]
  /// `proc/sys/kernel/osrelease`, without its newline.
  var release: String?
  /// `sys/kernel/btf/vmlinux`, whole, when the kernel has one.
  var vmlinuxBTF: [UInt8]?
  /// `sys/kernel/btf/<patch>`: the loaded module's own `.BTF` (`btf_module_notify()`).
  var moduleBTF: [[UInt8]: [UInt8]] = [:]
  var unreadable: [LiveDocument.Unreadable] = []
  /// Attributes some patch or object lacks (the kernel is older than they are).
  var absentAttributes: Set<String> = []
  var notes: [String] = []
}

/// `sys/module/<name>/`: `coresize`, `initsize`, `datasize` (only with
/// CONFIG_ARCH_WANTS_MODULES_DATA_IN_VMALLOC, where `coresize` leaves the data out) and
/// `srcversion` (when the module has one: `MODULE_VERSION` or
/// CONFIG_MODULE_SRCVERSION_ALL).
struct ModuleAttributes {
  var coreBytes: UInt64?
  var initBytes: UInt64?
  var dataBytes: UInt64?
  var srcversion: String?
}

/// The value of a sysfs attribute as read.
enum Attribute {
  case value(Int64)
  /// No such file: the kernel does not have the attribute.
  case absent
  /// There, but not readable or not what the kernel writes (already reported).
  case unreadable

  var number: Int64? {
    if case .value(let v) = self { return v }
    return nil
  }

  /// A `"%d\n"` attribute's text as the kernel writes it (`sysfs_emit()`): an optional
  /// minus, decimal digits, one newline, nothing else. nil for anything else.
  static func parse(_ bytes: [UInt8]) -> Int64? {
    guard bytes.last == UInt8(ascii: "\n") else { return nil }
    var body = bytes.dropLast()
    let negative = body.first == UInt8(ascii: "-")
    if negative { body = body.dropFirst() }
    guard !body.isEmpty, body.count <= 19,
      body.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
      let magnitude = Int64(String(decoding: body, as: UTF8.self))
    else { return nil }
    return negative ? -magnitude : magnitude
  }
}

extension LiveTree {
  /// A path relative to the root, for the report.
  static func relative(_ components: [[UInt8]]) -> [UInt8] {
    Array(components.joined(separator: [UInt8(ascii: "/")]))
  }

  /// Records `components` (relative to the root) as unreadable, with `reason`, once
  /// (an attribute that is a link is met both as a file and as an entry).
  mutating func unreadable(_ components: [[UInt8]], _ reason: String) {
    let path = LiveDocument.Name(Self.relative(components))
    guard !unreadable.contains(where: { $0.path == path }) else { return }
    unreadable.append(.init(path: path, reason: reason))
  }

  /// A few bytes of what a file held, for a message (escaped, at most 40 bytes).
  static func shown(_ bytes: [UInt8]) -> String {
    let head = FilePath.escaped(bytes.prefix(40))
    return "'" + head + (bytes.count > 40 ? "…" : "") + "'"
  }
}
