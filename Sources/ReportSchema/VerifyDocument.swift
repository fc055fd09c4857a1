import LayoutModel
import Verify

/// `verify`: whether each livepatch module will load on the target kernel and patch what
/// it names; one report per module, in the order given (docs/verify.md, docs/json.md).
public struct VerifyDocument: Encodable, Sendable, Equatable {
  public var schemaVersion = reportSchemaVersion
  /// `fail` when any module fails.
  public var verdict: VerifyVerdict
  public var target: Target
  /// The module tree, when `--modules` gave one.
  public var moduleTree: ModuleTree?
  public var modules: [Module]

  public init(target: Target, moduleTree: ModuleTree?, modules: [Module]) {
    verdict = modules.contains { $0.verdict == .fail } ? .fail : .ok
    self.target = target
    self.moduleTree = moduleTree
    self.modules = modules
  }

  /// The kernel checked against.
  public struct Target: Encodable, Sendable, Equatable {
    public var file: String
    /// `elf` (a vmlinux) or `btf` (a raw BTF file).
    public var format: String
    /// Whether it has a symbol table (symbols, exports, CRCs, vermagic).
    public var symbols: Bool
    /// Where its types come from; nil when it has none.
    public var typeSource: TypeSource?
    public var vermagic: String?
    /// The release: `vermagic` up to its first space.
    public var release: String?

    public init(
      file: String, format: String, symbols: Bool, typeSource: TypeSource?, vermagic: String?
    ) {
      self.file = file
      self.format = format
      self.symbols = symbols
      self.typeSource = typeSource
      self.vermagic = vermagic
      self.release = vermagic.flatMap { $0.split(separator: " ").first.map(String.init) }
    }
  }

  /// The module tree checked in.
  public struct ModuleTree: Encodable, Sendable, Equatable {
    public var path: String
    /// Module files read (their names), of the files found.
    public var modulesRead: Int
    public var moduleFiles: Int
    /// Modules built into vmlinux, per `modules.builtin`.
    public var builtin: Int

    public init(path: String, modulesRead: Int, moduleFiles: Int, builtin: Int) {
      self.path = path
      self.modulesRead = modulesRead
      self.moduleFiles = moduleFiles
      self.builtin = builtin
    }
  }

  /// One livepatch module's findings.
  public struct Module: Encodable, Sendable, Equatable {
    public var file: String
    /// Its name (`.modinfo name=`), as the kernel will know it.
    public var name: String?
    /// Whether it has DWARF (otherwise its klp tree came from its symbols and
    /// relocations, and layouts and prototypes are unknown).
    public var debugInfo: Bool
    public var verdict: VerifyVerdict
    public var counts: VerifyCounts
    public var findings: [VerifyFinding]

    public init(file: String, name: String?, debugInfo: Bool, findings: [VerifyFinding]) {
      self.file = file
      self.name = name
      self.debugInfo = debugInfo
      self.verdict = VerifyVerdict(findings)
      self.counts = VerifyCounts(findings)
      self.findings = findings
    }
  }
}
