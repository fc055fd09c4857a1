import BTF
import ElfDwarf
import System
import LayoutLoader
import Livepatch
import ReportSchema
import WhatIf

/// Every failure a command can end with, each keeping the lower layer's own error.
/// The command line maps these, in one place, to one line on stderr and exit code 2.
public enum FrontendError: Error, Sendable, CustomStringConvertible {
  /// An input could not be opened, or changed while it was read.
  case input(InputFileError)
  case reading(ElfDwarfError)
  case loading(LoaderError)
  case livepatch(LivepatchError)
  case edit(EditSpecError)
  /// An edit that cannot apply to the module's types (file, why).
  case whatIf(file: String, WhatIfError)
  case baseline(BaselineError)
  case output(OutputError)
  /// An argument that names something the inputs do not have (a `--budget` type, a
  /// baseline that shares nothing with the file): what, and why.
  case mismatch(String)
  /// A module without DWARF, and no other source of types given: the three ways to
  /// give one (file, and whether it has a `.BTF` section).
  case noTypeSource(file: String, hasBTF: Bool)
  /// `live`: no patch stack to read.
  case live(LiveError)
  /// A directory argument of `scan` that cannot be walked at all.
  case scanRoot(path: String, reason: String)
  /// An input of `verify` that is not what it must be (a kernel, a livepatch, a tree).
  case verify(VerifyInputError)

  public var description: String {
    switch self {
    case .input(let e): return e.description
    case .reading(let e): return e.description
    case .loading(let e): return e.description
    case .livepatch(let e): return e.description
    case .edit(let e): return e.description
    case .whatIf(let file, let e): return "\(file): \(e)"
    case .baseline(let e): return e.description
    case .output(let e): return e.description
    case .mismatch(let message): return message
    case .scanRoot(let path, let reason): return "\(path): cannot scan: \(reason)"
    case .verify(let e): return e.description
    case .live(let e): return e.description
    case .noTypeSource(let file, let hasBTF):
      return
        "\(file): no DWARF (stripped?) and no types to read it with: give --types-from FILE "
        + "(a debug vmlinux, its raw BTF, or /sys/kernel/btf/vmlinux), --source btf --btf-base FILE "
        + (hasBTF ? "(its own split .BTF on the kernel's)" : "(its own .BTF; this file has none)")
        + ", or --debug-dir DIR (its separate debug file)"
    }
  }
}

extension FrontendError {
  /// The run's memory budget (`--max-memory`) ran out while reading the input: the
  /// input was not looked at, so a batch run that lists it is incomplete (`scan` exits
  /// 2), whatever other workers were holding at the time.
  public var isOutOfMemory: Bool {
    switch self {
    case .reading(let e): return e.isOutOfMemory
    case .loading(.reading(let e)), .livepatch(.loading(.reading(let e))):
      return e.isOutOfMemory
    default: return false
    }
  }
}

extension ElfDwarfError {
  var isOutOfMemory: Bool {
    if case .outOfMemory = self { return true }
    return false
  }
}
