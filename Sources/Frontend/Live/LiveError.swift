import System

/// Why `live` (or `whatif --replaces live`) read no patch stack at all.
public enum LiveError: Error, Equatable, Sendable, CustomStringConvertible {
  /// No `sys/kernel/livepatch`: a kernel built without CONFIG_LIVEPATCH.
  case noLivepatch
  /// The root has no `sys/kernel`: not a sysfs (or sysfs is not mounted there).
  case notSysfs(root: String)
  /// The root itself cannot be opened as a directory.
  case root(path: String, reason: Errno)
  /// `whatif --replaces live`: parts of the stack could not be read (how many), so
  /// replacing it cannot be priced.
  case incomplete(root: String, count: Int)

  public var description: String {
    switch self {
    case .noLivepatch:
      return "this kernel has no livepatch support (CONFIG_LIVEPATCH)"
    case .notSysfs(let root):
      return
        "\(root): no sys/kernel under this root: not a sysfs tree (is sysfs mounted at \(root)/sys?)"
    case .root(let path, let reason):
      return "\(path): cannot open the root: \(reason)"
    case .incomplete(let root, let count):
      return
        "\(root): \(count) entries of the loaded patch stack could not be read (see 'klp-layout live --root \(root)'): "
        + "replacing it cannot be priced"
    }
  }
}
