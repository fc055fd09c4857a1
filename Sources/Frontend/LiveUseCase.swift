import BTF
import LayoutLoader
import Livepatch
import ReportSchema
import System

/// `live`: the livepatch stack the running kernel has loaded, read from its sysfs ABI
/// (docs/live.md), with what each patch holds and who runs each patched function.
public enum LiveUseCase {
  /// Where to read.
  public struct Request: Sendable {
    /// `--root`: sysfs and /proc are read under `ROOT/sys` and `ROOT/proc`.
    public var root: String
    /// `--modules`: where the patch modules' files are (default
    /// `ROOT/lib/modules/<release>`).
    public var modules: String?
    /// `--types-from`: the klp struct sizes (default `ROOT/sys/kernel/btf/vmlinux`).
    public var typesFrom: String?

    public init(root: String = "/", modules: String? = nil, typesFrom: String? = nil) {
      self.root = root
      self.modules = modules
      self.typesFrom = typesFrom
    }
  }

  /// What was read: the tree, the module files matched to patches, the klp sizes.
  public struct Reading {
    var request: Request
    var tree: LiveTree
    var modules: [Int: LiveModules.Match]
    var modulesDirectory: String?
    var klpTypesFrom: String?
    var klpSizes: LiveDocument.KlpSizes?
    var notes: [String]

    /// Whether anything under the root could not be read (the report is then
    /// incomplete, and the command fails after it).
    public var isComplete: Bool { tree.unreadable.isEmpty }
  }

  public static func run(
    _ request: Request, inputs: CommandInputs
  ) throws(FrontendError) -> LiveDocument {
    document(try read(request, inputs: inputs))
  }

  /// Reads the tree, the klp struct sizes and the module files.
  public static func read(
    _ request: Request, inputs: CommandInputs
  ) throws(FrontendError) -> Reading {
    let root: DirectoryHandle
    do { root = try DirectoryHandle.open(FilePath(request.root)) } catch {
      throw .live(.root(path: request.root, reason: error))
    }
    var reader = LiveTreeReader(root: root)
    var tree = try reader.read(readingBTF: request.typesFrom == nil)
    var notes: [String] = []
    let (provider, typesFrom) = try klpTypes(request, tree: &tree, inputs: inputs)
    let sizes = try klpSizes(provider, from: typesFrom, notes: &notes)
    let directory = modulesDirectory(request, release: tree.release, notes: &notes)
    var matcher = LiveModules(tree: tree, inputs: inputs, typesFrom: provider)
    let modules = directory.map { matcher.find(under: $0) } ?? [:]
    return Reading(
      request: request, tree: tree, modules: modules, modulesDirectory: directory,
      klpTypesFrom: typesFrom, klpSizes: sizes, notes: notes + matcher.notes)
  }

  /// The types the klp sizes (and module files without DWARF) are read with:
  /// `--types-from`, else the root's `sys/kernel/btf/vmlinux` (a BTF that cannot be
  /// parsed is reported as unreadable).
  static func klpTypes(
    _ request: Request, tree: inout LiveTree, inputs: CommandInputs
  ) throws(FrontendError) -> ((any TypeProvider)?, String?) {
    if let path = request.typesFrom { return (try inputs.typesFrom(path), path) }
    guard let bytes = tree.vmlinuxBTF else { return (nil, nil) }
    let path = join(request.root, "sys/kernel/btf/vmlinux")
    do {
      return (try TypeSources.rawBTF(bytes, name: path, workers: inputs.options.workers), path)
    } catch {
      tree.unreadable(
        ["sys", "kernel", "btf", "vmlinux"].map { Array($0.utf8) }, "cannot parse: \(error)")
      return (nil, nil)
    }
  }

  /// `sizeof` the klp structs in `provider`; nil (with a note) when unknown.
  static func klpSizes(
    _ provider: (any TypeProvider)?, from path: String?, notes: inout [String]
  ) throws(FrontendError) -> LiveDocument.KlpSizes? {
    guard let provider else {
      notes.append(
        "no BTF (sys/kernel/btf/vmlinux; CONFIG_DEBUG_INFO_BTF) and no --types-from: klp bytes of patches without a module file are unknown"
      )
      return nil
    }
    let found: (types: KlpTypes, provider: Int)?
    do { found = try KlpTypes.load(from: [provider]) } catch { throw .loading(error) }
    guard let layouts = found?.types.layouts, let patch = layouts.size(of: "klp_patch"),
      let object = layouts.size(of: "klp_object"), let function = layouts.size(of: "klp_func")
    else {
      notes.append(
        "\(path ?? provider.path): no klp structs defined: klp bytes cannot be counted from sysfs")
      return nil
    }
    return .init(patch: patch, object: object, func: function)
  }

  /// `--modules`, else `ROOT/lib/modules/<release>`, its links resolved inside the root
  /// (`RootedPath`: `lib` → `usr/lib` works, nothing leads out).
  static func modulesDirectory(
    _ request: Request, release: String?, notes: inout [String]
  ) -> String? {
    if let modules = request.modules { return modules }
    guard let release else {
      notes.append(
        "no release read (proc/sys/kernel/osrelease) and no --modules: module files not looked for")
      return nil
    }
    guard let path = RootedPath.resolve("lib/modules/" + release, under: request.root) else {
      notes.append(
        "lib/modules/\(release) under the root: a link on the way cannot be read, or there are too many: module files not looked for"
      )
      return nil
    }
    return path
  }

  /// `root/relative`, one slash between.
  static func join(_ root: String, _ relative: String) -> String {
    root.hasSuffix("/") ? root + relative : root + "/" + relative
  }
}
