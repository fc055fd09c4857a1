import ElfDwarf
import LayoutLoader
import LayoutModel

/// Failures decoding livepatch metadata; reading failures keep the lower layer's error.
public enum LivepatchError: Error, Equatable, Sendable, CustomStringConvertible {
  /// Reading the file or its types failed.
  case loading(LoaderError)
  /// A klp variable's bytes are not where its symbol says (file, symbol, why).
  case badVariable(file: String, symbol: String, reason: String)
  /// A type the user named is not defined in the module.
  case typeNotDefined(file: String, spelling: String, suggestion: String?)
  /// The module has no klp_patch where one is needed (file, and for what).
  case noPatch(file: String, purpose: String)
  /// A module read without DWARF whose klp structs none of the type sources defines
  /// (file, the sources read).
  case noKlpTypes(file: String, sources: [String])
  /// A module read through its symbol table that calls `klp_enable_patch()` but holds
  /// no `klp_patch` that can be found there (and no records).
  case patchNotFound(file: String)
  /// A `--replaces` module that the new one cannot replace (not a livepatch, another
  /// machine, other klp struct sizes): why, naming both.
  case cannotReplace(String)

  static func reading(_ error: ElfDwarfError) -> LivepatchError { .loading(.reading(error)) }

  public var description: String {
    switch self {
    case .loading(let error): return error.description
    case .badVariable(let file, let symbol, let reason):
      return "\(file): klp variable '\(symbol)': \(reason)"
    case .typeNotDefined(let file, let spelling, let suggestion):
      return "\(file): type '\(spelling)' is not defined in its DWARF"
        + Suggestions.hint(suggestion)
    case .noPatch(let file, let purpose):
      return "\(file): no klp_patch found (expected a livepatch module \(purpose))"
    case .noKlpTypes(let file, let sources):
      return
        "\(file): no DWARF, and struct klp_patch is defined in none of the types given ("
        + sources.joined(separator: ", ")
        + "): give the kernel's with --types-from (a debug vmlinux, its BTF, /sys/kernel/btf/vmlinux)"
    case .patchNotFound(let file):
      return
        "\(file): calls klp_enable_patch() but no klp_patch with .mod = THIS_MODULE is in its symbol table "
        + "(local symbols stripped beyond --strip-debug, or .mod set at run time): read it with its DWARF (--debug-dir)"
    case .cannotReplace(let why):
      return why
    }
  }
}

/// A `--add`, `--remove` or `--wrap` value that does not follow its grammar.
public struct EditSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
  public var option: String
  public var value: String
  public var expected: String

  public var description: String { "\(option) '\(value)': expected \(expected)" }
}
