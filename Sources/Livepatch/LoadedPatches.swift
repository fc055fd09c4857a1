/// The patches a running kernel has loaded, as its livepatch sysfs shows them
/// (Documentation/ABI/testing/sysfs-kernel-livepatch; docs/live.md): values, each
/// attribute nil when the kernel has no such file (older kernels) or it could not be
/// read. Names are the bytes the kernel shows (a function name may hold anything but
/// `/`, which kobject names replace by `!`).
public struct LoadedPatch: Hashable, Sendable {
  public var name: [UInt8]
  public var enabled: Bool?
  public var transition: Bool?
  /// `replace` (Linux 6.11 and later).
  public var replace: Bool?
  /// `stack_order` (Linux 6.13 and later): 1-based position in `klp_patches`.
  public var stackOrder: Int?
  public var objects: [LoadedObject]

  public init(
    name: [UInt8], enabled: Bool?, transition: Bool?, replace: Bool?, stackOrder: Int?,
    objects: [LoadedObject]
  ) {
    self.name = name
    self.enabled = enabled
    self.transition = transition
    self.replace = replace
    self.stackOrder = stackOrder
    self.objects = objects
  }

  /// The funcs the patch lists, each with its object.
  public var functions: [LoadedFunction] {
    objects.flatMap { o in o.funcs.map { LoadedFunction(object: o.name, func: $0) } }
  }
}

/// `<patch>/<object>/`: `vmlinux` or a module name, and `patched` (Linux 6.1 and later).
public struct LoadedObject: Hashable, Sendable {
  public var name: [UInt8]
  public var patched: Bool?
  public var funcs: [LoadedFunc]

  public init(name: [UInt8], patched: Bool?, funcs: [LoadedFunc]) {
    self.name = name
    self.patched = patched
    self.funcs = funcs
  }
}

/// `<object>/<function,sympos>/`: `klp_init_func()` names the directory `"%s,%lu"`
/// with `old_sympos`, writing 1 for 0 (the unique symbol is the first).
public struct LoadedFunc: Hashable, Sendable, Comparable {
  public var name: [UInt8]
  public var sympos: UInt64

  public init(name: [UInt8], sympos: UInt64) {
    self.name = name
    self.sympos = sympos
  }

  /// A directory name split at its last comma (a name may hold commas, the position
  /// is decimal); nil when it is not `name,digits`.
  public init?(directoryName bytes: [UInt8]) {
    guard let comma = bytes.lastIndex(of: UInt8(ascii: ",")), comma > 0 else { return nil }
    let digits = bytes[(comma + 1)...]
    guard !digits.isEmpty, digits.count <= 20,
      digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
      let position = UInt64(String(decoding: digits, as: UTF8.self))
    else { return nil }
    self.init(name: Array(bytes[..<comma]), sympos: position)
  }

  public static func < (a: Self, b: Self) -> Bool {
    a.name == b.name ? a.sympos < b.sympos : a.name.lexicographicallyPrecedes(b.name)
  }
}

/// One patched function: object, name and position, as sysfs names them.
public struct LoadedFunction: Hashable, Sendable, Comparable {
  public var object: [UInt8]
  public var `func`: LoadedFunc

  public init(object: [UInt8], func: LoadedFunc) {
    self.object = object
    self.func = `func`
  }

  public static func < (a: Self, b: Self) -> Bool {
    a.object == b.object ? a.func < b.func : a.object.lexicographicallyPrecedes(b.object)
  }
}
