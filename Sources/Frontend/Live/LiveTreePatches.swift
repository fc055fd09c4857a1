import BTF
import Livepatch
import ReportSchema
import System

extension LiveTreeReader {
  static let livepatch: [[UInt8]] = ["sys", "kernel", "livepatch"].map { Array($0.utf8) }

  /// Reads everything `live` reports. Throws `noLivepatch` when the kernel has no
  /// `sys/kernel/livepatch` (`klp_init()` creates it at boot with CONFIG_LIVEPATCH),
  /// and `notSysfs` when the root has no `sys/kernel` at all.
  mutating func read(readingBTF: Bool) throws(FrontendError) -> LiveTree {
    var missing = false
    guard let top = directory(Self.livepatch, missing: &missing) else {
      if missing {
        var kernelMissing = false
        _ = directory(Array(Self.livepatch.prefix(2)), missing: &kernelMissing)
        if kernelMissing { throw .live(.notSysfs(root: root.path.description)) }
        throw .live(.noLivepatch)
      }
      return tree
    }
    for entry in entries(of: top, at: Self.livepatch) ?? [] {
      let path = Self.livepatch + [entry.name]
      switch kind(of: entry, in: top) {
      case .directory:
        if let patch = patch(entry.name, in: top, at: path) { tree.patches.append(patch) }
      case .symbolicLink:
        tree.unreadable(path, linkReason(entry.name, in: top, at: path))
      default:
        continue  // Not a patch: the kernel puts only patch directories here.
      }
    }
    for patch in tree.patches { module(patch.name) }
    release()
    if readingBTF { vmlinuxBTF() }
    notes()
    return tree
  }

  /// `sys/kernel/livepatch/<patch>/`: its attributes and objects.
  mutating func patch(
    _ name: [UInt8], in parent: DirectoryHandle, at path: [[UInt8]]
  ) -> LoadedPatch? {
    var missing = false
    guard let dir = directory(path, missing: &missing) else {
      if missing { tree.unreadable(path, "vanished while read") }
      return nil
    }
    let (enabled, enabledAbsent) = flag("enabled", in: dir, at: path)
    // `enabled` is there on every kernel with livepatch (3.19): its absence is damage.
    if enabledAbsent { tree.unreadable(path + [Array("enabled".utf8)], "missing") }
    return LoadedPatch(
      name: name, enabled: enabled, transition: flag("transition", in: dir, at: path).0,
      replace: flag("replace", in: dir, at: path).0, stackOrder: stackOrder(in: dir, at: path),
      objects: objects(in: dir, at: path))
  }

  /// `stack_order`: a position from 1.
  mutating func stackOrder(in dir: DirectoryHandle, at path: [[UInt8]]) -> Int? {
    guard let value = attribute("stack_order", in: dir, at: path).number else { return nil }
    guard value >= 1 && value <= Int64(Int32.max) else {
      tree.unreadable(
        path + [Array("stack_order".utf8)], "expected a position from 1, found \(value)")
      return nil
    }
    return Int(value)
  }

  /// The object directories of a patch (its other entries are attributes).
  mutating func objects(in dir: DirectoryHandle, at path: [[UInt8]]) -> [LoadedObject] {
    var objects: [LoadedObject] = []
    for entry in entries(of: dir, at: path) ?? [] {
      let objectPath = path + [entry.name]
      switch kind(of: entry, in: dir) {
      case .directory:
        if let object = object(entry.name, at: objectPath) { objects.append(object) }
      case .symbolicLink:
        tree.unreadable(objectPath, linkReason(entry.name, in: dir, at: objectPath))
      default:
        continue  // An attribute (`enabled`, `force`, …).
      }
    }
    return objects
  }

  /// `<patch>/<object>/`: `patched`, and the func directories by name.
  mutating func object(_ name: [UInt8], at path: [[UInt8]]) -> LoadedObject? {
    var missing = false
    guard let dir = directory(path, missing: &missing) else {
      if missing { tree.unreadable(path, "vanished while read") }
      return nil
    }
    let patched = flag("patched", in: dir, at: path).0
    var funcs: [LoadedFunc] = []
    for entry in entries(of: dir, at: path) ?? [] {
      let funcPath = path + [entry.name]
      switch kind(of: entry, in: dir) {
      case .directory:
        guard let f = LoadedFunc(directoryName: entry.name) else {
          tree.unreadable(funcPath, "not a func directory name (expected NAME,POSITION)")
          continue
        }
        funcs.append(f)
      case .symbolicLink:
        tree.unreadable(funcPath, linkReason(entry.name, in: dir, at: funcPath))
      default:
        continue  // `patched`, or a future attribute.
      }
    }
    return LoadedObject(name: name, patched: patched, funcs: funcs.sorted())
  }

  /// `sys/module/<name>/coresize`, `initsize`, `srcversion`; and `sys/kernel/btf/<name>`.
  mutating func module(_ name: [UInt8]) {
    let path = ["sys", "module"].map { Array($0.utf8) } + [name]
    var missing = false
    guard let dir = directory(path, missing: &missing) else {
      if missing { tree.unreadable(path, "missing: every loaded module has one") }
      return
    }
    var attributes = ModuleAttributes()
    attributes.coreBytes = size("coresize", in: dir, at: path, required: true)
    attributes.initBytes = size("initsize", in: dir, at: path, required: true)
    attributes.dataBytes = size("datasize", in: dir, at: path, required: false)
    var absent = false
    if let bytes = file(
      Array("srcversion".utf8), in: dir, at: path, limit: Self.attributeLimit, absent: &absent),
      bytes.last == UInt8(ascii: "\n")
    {
      attributes.srcversion = String(decoding: bytes.dropLast(), as: UTF8.self)
    }
    tree.modules[name] = attributes
    let btfPath = ["sys", "kernel", "btf"].map { Array($0.utf8) }
    if let btf = directory(btfPath, missing: &missing),
      let bytes = file(name, in: btf, at: btfPath, limit: Self.moduleBTFLimit, absent: &absent)
    {
      tree.moduleBTF[name] = bytes
    }
  }

  /// A `"%u\n"` size of `sys/module/<name>/`; a missing one is reported when every
  /// kernel has it.
  mutating func size(
    _ key: String, in dir: DirectoryHandle, at path: [[UInt8]], required: Bool
  ) -> UInt64? {
    switch attribute(key, in: dir, at: path) {
    case .value(let v) where v >= 0: return UInt64(v)
    case .value(let v): tree.unreadable(path + [Array(key.utf8)], "expected a size, found \(v)")
    case .absent: if required { tree.unreadable(path + [Array(key.utf8)], "missing") }
    case .unreadable: break
    }
    return nil
  }

  /// `proc/sys/kernel/osrelease`: one line, usable as a directory name.
  mutating func release() {
    let path = ["proc", "sys", "kernel"].map { Array($0.utf8) }
    var missing = false
    var absent = false
    guard let dir = directory(path, missing: &missing),
      let bytes = file(
        Array("osrelease".utf8), in: dir, at: path, limit: Self.attributeLimit, absent: &absent)
    else { return }
    let line = bytes.last == UInt8(ascii: "\n") ? Array(bytes.dropLast()) : bytes
    guard !line.isEmpty, !line.contains(UInt8(ascii: "/")), !line.contains(0),
      line != Array("..".utf8), let text = String(validating: line, as: UTF8.self)
    else {
      tree.unreadable(path + [Array("osrelease".utf8)], "not a release: \(LiveTree.shown(bytes))")
      return
    }
    tree.release = text
  }

  /// `sys/kernel/btf/vmlinux`: absent without CONFIG_DEBUG_INFO_BTF.
  mutating func vmlinuxBTF() {
    let path = ["sys", "kernel", "btf"].map { Array($0.utf8) }
    var missing = false
    var absent = false
    guard let dir = directory(path, missing: &missing) else { return }
    tree.vmlinuxBTF = file(
      Array("vmlinux".utf8), in: dir, at: path, limit: BTFFile.sizeLimit, absent: &absent)
  }

  /// What older kernels do not show, said once each.
  mutating func notes() {
    let absent = tree.absentAttributes
    if absent.contains("stack_order") {
      tree.notes.append(
        "no stack_order files (Linux < 6.13): the order of the patches is not shown, so a function several enabled "
          + "patches patch has an owner only when the kernel's rules decide it without the order (ownerFrom)"
      )
    }
    if absent.contains("replace") {
      tree.notes.append(
        "no replace files (Linux < 6.11): whether a patch replaces is not shown")
    }
    if absent.contains("patched") {
      tree.notes.append(
        "no patched files (Linux < 6.1): whether an object is patched is not shown, so its functions' owners are unknown"
      )
    }
  }
}
