/// Every failure of the BTF reading layer: which file, what was expected, what was found.
public enum BTFError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The header's magic, version or section bounds are wrong.
  case badHeader(file: String, reason: String)
  /// libbpf refused the data (its `errno` text).
  case rejected(file: String, call: String, reason: String)
  /// A type refers to something that is not there (a type id, a string offset), or
  /// the types form a cycle no C type can.
  case badType(file: String, id: UInt32, reason: String)
  /// Split BTF (a module's) was given without the base it was built on.
  case needsBase(file: String)
  /// The base given does not fit the split file.
  case baseMismatch(file: String, base: String, reason: String)
  /// The file's `.BTF` is split on a distilled base (`.BTF.base`), which only libbpf 1.5
  /// and later can relocate onto the kernel's BTF.
  case distilledBase(file: String)
  /// Split BTF cannot be handed to libbpf here: it reads split data only from a file,
  /// and there is neither `/proc/self/fd` nor a writable `/tmp` (why, in `reason`).
  case noFileForSplit(file: String, reason: String)

  public var description: String {
    switch self {
    case .badHeader(let file, let reason): return "\(file): malformed BTF header: \(reason)"
    case .rejected(let file, let call, let reason):
      return "\(file): \(call) rejected the BTF: \(reason)"
    case .badType(let file, let id, let reason): return "\(file): BTF type [\(id)]: \(reason)"
    case .needsBase(let file):
      return
        "\(file): split BTF (a module's types refer to vmlinux's): pass the base with --btf-base FILE "
        + "(/sys/kernel/btf/vmlinux for the running kernel, or the vmlinux the module was built with)"
    case .baseMismatch(let file, let base, let reason):
      return "\(file): split BTF does not match the base \(base): \(reason)"
    case .distilledBase(let file):
      return
        "\(file): its .BTF is split on a distilled base (.BTF.base, out-of-tree modules since "
        + "Linux 6.11), which must be relocated onto the kernel's BTF (libbpf 1.5 btf__relocate); "
        + "libbpf 1.1.2 cannot: read the module's DWARF instead (--source dwarf, --debug-dir)"
    case .noFileForSplit(let file, let reason):
      return
        "\(file): cannot read split BTF here: libbpf 1.1.2 parses it only from a file, named "
        + "/proc/self/fd/N or made in /tmp, and there is no /proc and /tmp refused one (\(reason))"
    }
  }
}
