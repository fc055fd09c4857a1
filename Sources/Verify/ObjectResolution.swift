/// What a klp object name (or a `.klp.sym` object) is on the target, as
/// `klp_find_object_module()` and the module loader see it (Linux 6.1.192 and 6.12.118,
/// kernel/livepatch/core.c; docs/verify.md).
enum ObjectResolution: Equatable {
  /// `klp_object.name` NULL: always there.
  case vmlinux
  /// A module of the tree, with its file.
  case module(name: String, file: String)
  /// Listed in `modules.builtin`: never loaded as a module, so never found.
  case builtin(line: String)
  /// Not a module name, but the name kbuild would have made of it is one (`-` → `_`).
  case misnamed(as: String)
  case absent
  /// The target cannot say (no tree, files that could not be read).
  case unknown(String)

  /// `MODULE_NAME_LEN` on 64-bit (`64 - sizeof(unsigned long)`): `klp_init_object()`
  /// refuses longer names.
  static let moduleNameLength = 56

  static func of(_ name: String?, in tree: TargetValue<ModuleTreeFacts>) -> ObjectResolution {
    guard let name else { return .vmlinux }
    guard case .known(let tree) = tree else {
      if case .unknown(let why) = tree { return .unknown(why) }
      return .unknown("no module tree")
    }
    if let file = tree.modules[name] { return .module(name: name, file: file) }
    if let line = tree.builtin[name] { return .builtin(line: line) }
    let kbuild = kbuildName(name)
    if kbuild != name && (tree.modules[kbuild] != nil || tree.builtin[kbuild] != nil) {
      return .misnamed(as: kbuild)
    }
    if !tree.unreadable.isEmpty {
      let files = tree.unreadable.keys.sorted()
      return .unknown(
        "not among the modules read, and \(files.count) module file\(files.count == 1 ? "" : "s") of the tree could not be read (\(files[0]): \(tree.unreadable[files[0]]!))"
      )
    }
    guard tree.complete else {
      return .unknown("not found among the module files named like it")
    }
    return .absent
  }

  /// `KBUILD_MODNAME`: the file's name with `-` and `,` made `_` (scripts/Makefile.lib).
  static func kbuildName(_ name: String) -> String {
    String(name.map { $0 == "-" || $0 == "," ? "_" : $0 })
  }

  /// Whether the object's symbols can be looked at.
  var isThere: Bool {
    switch self {
    case .vmlinux, .module: true
    default: false
    }
  }

  /// The object finding of a klp object called `label`.
  func finding(_ label: String) -> VerifyFinding {
    func make(_ status: VerifyFinding.Status, _ reason: String) -> VerifyFinding {
      VerifyFinding(.object, object: label, subject: label, status, reason)
    }
    if label.utf8.count >= Self.moduleNameLength && self != .vmlinux {
      return make(
        .fail,
        "\(label.utf8.count) bytes: klp_init_object() refuses names of \(Self.moduleNameLength) or more"
      )
    }
    switch self {
    case .vmlinux: return make(.pass, "vmlinux always exists")
    case .module(_, let file): return make(.pass, "module \(file) of the tree")
    case .builtin(let line):
      return make(
        .fail,
        "built into vmlinux (modules.builtin: \(line)): never loaded as a module, so its funcs are never patched and nothing says so; list them under vmlinux"
      )
    case .misnamed(let real):
      return make(
        .fail,
        "no module is named \(label): module names use '_' (\(real)), and klp_find_object_module() compares them exactly"
      )
    case .absent:
      return make(.fail, "neither a module of the tree nor built in")
    case .unknown(let why): return make(.unknown, why)
    }
  }

  /// The unknown findings of what an absent object holds.
  func notThere(
    _ check: VerifyFinding.Check, object label: String, subject: String
  )
    -> VerifyFinding
  {
    VerifyFinding(
      check, object: label, subject: subject, .unknown, "object \(label) is not there to look in")
  }
}
