import LayoutModel

/// One thing `verify` checked about a livepatch module against a target kernel, and
/// what it found. There is one finding per (check, object, subject), passes included,
/// so a reader sees what was checked as well as what failed.
public struct VerifyFinding: Codable, Sendable, Equatable {
  /// What is checked, each as a kernel function decides it (docs/verify.md).
  public enum Check: String, Codable, Sendable, CaseIterable {
    /// `same_magic()`: the module's `vermagic=` against the kernel's.
    case vermagic
    /// `check_version()`: one symbol the module imports, its CRC against the export's.
    case modversions
    /// `klp_find_object_module()`: a `klp_object` name is a module that can load.
    case object
    /// A `klp_func`'s `old_name` is a function of its object.
    case function
    /// `klp_find_object_symbol()`: `old_sympos` selects exactly one symbol.
    case sympos
    /// `klp_resolve_symbols()`: one `.klp.sym.<object>.<name>,<pos>` symbol.
    case relocation
    /// A struct, union or enum the patch's code uses, laid out as in the target.
    case layout
    /// A replacement function's prototype against the function it replaces.
    case prototype
    /// The target can load livepatches at all, or the module is marked as one.
    case livepatch
  }

  /// `unknown` when the target (or the module) lacks what the check needs: never a
  /// pass, never a failure.
  public enum Status: String, Codable, Sendable, CaseIterable {
    case pass, fail, unknown
  }

  public var check: Check
  /// The klp object the subject belongs to (`vmlinux` or a module name); nil for what
  /// concerns the module as a whole (vermagic, modversions, livepatch).
  public var object: String?
  /// What was checked: the symbol, the object, the function, the relocation symbol,
  /// the type's name.
  public var subject: String
  /// For `layout`: the type, `{name, kind}`.
  public var type: TypeKey?
  public var status: Status
  /// Why, in one sentence naming what was compared.
  public var reason: String

  public init(
    _ check: Check, object: String? = nil, subject: String, type: TypeKey? = nil,
    _ status: Status, _ reason: String
  ) {
    self.check = check
    self.object = object
    self.subject = subject
    self.type = type
    self.status = status
    self.reason = reason
  }

  /// The identity a finding is unique by.
  public var key: String {
    [check.rawValue, object ?? "-", type.map { $0.kind.rawValue } ?? "", subject].joined(
      separator: "\u{0}")
  }
}

/// The verdict of one module, or of a whole run: `fail` when any finding fails
/// (`unknown` fails nothing).
public enum VerifyVerdict: String, Codable, Sendable {
  case ok, fail

  public init(_ findings: [VerifyFinding]) {
    self = findings.contains { $0.status == .fail } ? .fail : .ok
  }
}

/// How many findings of each status.
public struct VerifyCounts: Codable, Sendable, Equatable {
  public var failed: Int
  public var unknown: Int
  public var passed: Int

  public init(_ findings: [VerifyFinding]) {
    failed = findings.count { $0.status == .fail }
    unknown = findings.count { $0.status == .unknown }
    passed = findings.count { $0.status == .pass }
  }
}
