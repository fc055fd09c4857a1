/// What makes an input of `verify` unusable: one line naming the file, what was
/// expected there and what was found (exit 2).
public enum VerifyInputError: Error, Equatable, Sendable, CustomStringConvertible {
  /// `--target` is not a kernel: not a vmlinux (with symbols or DWARF) nor its BTF.
  case notAKernel(file: String, found: String)
  /// A module argument is not a livepatch module.
  case notALivepatch(file: String, found: String)
  /// `--modules` cannot be used as a module tree.
  case badModuleTree(path: String, reason: String)

  public var description: String {
    switch self {
    case .notAKernel(let file, let found):
      return
        "\(file): not a kernel (expected a vmlinux with symbols or DWARF, or a kernel's raw BTF such as /sys/kernel/btf/vmlinux; found \(found))"
    case .notALivepatch(let file, let found):
      return "\(file): not a livepatch module (expected a klp_patch; found \(found))"
    case .badModuleTree(let path, let reason):
      return
        "\(path): cannot be read as a module tree (expected /lib/modules/RELEASE or the like): \(reason)"
    }
  }
}
