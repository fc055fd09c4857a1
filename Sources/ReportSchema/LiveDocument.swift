/// `live` (docs/live.md, docs/schema/live.schema.json): the livepatch stack a running
/// kernel (or a tree shaped like its sysfs, `--root`) has loaded. Every attribute the
/// kernel did not show, or that could not be read, is `null`; what could not be read is
/// also listed in `unreadable`, and the command then ends with exit 2.
public struct LiveDocument: Encodable, Sendable, Equatable {
  public var schemaVersion = reportSchemaVersion
  /// The root sysfs and /proc were read under (`/` unless `--root`).
  public var root: String
  /// `proc/sys/kernel/osrelease`, when read.
  public var release: String?
  /// Where the patch modules' files were looked for (`--modules`, else
  /// `ROOT/lib/modules/<release>`).
  public var modulesDirectory: String?
  /// The BTF (or `--types-from` file) the klp struct sizes came from, and the sizes.
  public var klpTypesFrom: String?
  public var klpSizes: KlpSizes?
  /// In `stack_order` order (then by name when the kernel shows no order).
  public var patches: [Patch]
  public var functions: [Function]
  public var totals: Totals
  public var unreadable: [Unreadable]
  /// What the report cannot say, and why (older kernels' missing attributes, module
  /// files not found or not the loaded build).
  public var notes: [String]

  public init(
    root: String, release: String?, modulesDirectory: String?, klpTypesFrom: String?,
    klpSizes: KlpSizes?, patches: [Patch], functions: [Function], totals: Totals,
    unreadable: [Unreadable], notes: [String]
  ) {
    self.root = root
    self.release = release
    self.modulesDirectory = modulesDirectory
    self.klpTypesFrom = klpTypesFrom
    self.klpSizes = klpSizes
    self.patches = patches
    self.functions = functions
    self.totals = totals
    self.unreadable = unreadable
    self.notes = notes
  }

  /// `sizeof` the klp structs, from the running kernel's BTF.
  public struct KlpSizes: Codable, Sendable, Equatable {
    public var patch: UInt64
    public var object: UInt64
    public var `func`: UInt64

    public init(patch: UInt64, object: UInt64, func: UInt64) {
      self.patch = patch
      self.object = object
      self.func = `func`
    }
  }

  /// A name from sysfs: exact in `name` when it is UTF-8; otherwise `name` has the
  /// invalid bytes replaced and `nameBytes` holds them all, hex-encoded.
  public struct Name: Sendable, Equatable, Hashable {
    public var bytes: [UInt8]
    public init(_ bytes: [UInt8]) { self.bytes = bytes }
    public var text: String { String(decoding: bytes, as: UTF8.self) }
    public var hex: String? {
      String(validating: bytes, as: UTF8.self) == nil
        ? bytes.map { byte in
          let digits = String(byte, radix: 16)
          return digits.count == 1 ? "0" + digits : digits
        }.joined() : nil
    }
  }

  public struct Patch: Encodable, Sendable, Equatable {
    public var name: Name
    public var enabled: Bool?
    public var transition: Bool?
    public var replace: Bool?
    public var stackOrder: Int?
    /// `sys/module/<name>/coresize` and `initsize` (0 once init memory is freed), and
    /// `datasize` where the kernel has it (CONFIG_ARCH_WANTS_MODULES_DATA_IN_VMALLOC:
    /// `coresize` is then text only); absent elsewhere.
    public var coreBytes: UInt64?
    public var initBytes: UInt64?
    public var dataBytes: UInt64?
    /// What the module occupies: `coreBytes` + `dataBytes` + `initBytes`.
    public var moduleBytes: UInt64? {
      coreBytes.flatMap { c in initBytes.map { c &+ $0 &+ (dataBytes ?? 0) } }
    }
    /// The klp structs the patch holds, and how that was found: `module` (its file's
    /// static klp data, and for records the heap its init built), `sysfs` (counted
    /// from the objects and funcs listed × the BTF sizes), or `unknown`.
    public var klpBytes: UInt64?
    public var klpBytesSource: String
    /// The module file read for it, when found and matching what is loaded.
    public var moduleFile: String?
    public var objects: [Object]
    /// The no-ops it shows while in transition (`[]` when none can be there; null when
    /// they cannot be told from its own funcs: no module file).
    public var nops: [Nop]?

    public init(
      name: Name, enabled: Bool?, transition: Bool?, replace: Bool?, stackOrder: Int?,
      coreBytes: UInt64?, initBytes: UInt64?, dataBytes: UInt64? = nil, klpBytes: UInt64?,
      klpBytesSource: String,
      moduleFile: String?, objects: [Object], nops: [Nop]?
    ) {
      self.name = name
      self.enabled = enabled
      self.transition = transition
      self.replace = replace
      self.stackOrder = stackOrder
      self.coreBytes = coreBytes
      self.initBytes = initBytes
      self.dataBytes = dataBytes
      self.klpBytes = klpBytes
      self.klpBytesSource = klpBytesSource
      self.moduleFile = moduleFile
      self.objects = objects
      self.nops = nops
    }

    enum CodingKeys: String, CodingKey {
      case name, nameBytes, enabled, transition, replace, stackOrder, coreBytes, initBytes,
        dataBytes, klpBytes, klpBytesSource, moduleFile, objects, nops
    }

    // Unknown values are written as null, never left out.
    public func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(name.text, forKey: .name)
      try c.encodeIfPresent(name.hex, forKey: .nameBytes)
      try c.encode(enabled, forKey: .enabled)
      try c.encode(transition, forKey: .transition)
      try c.encode(replace, forKey: .replace)
      try c.encode(stackOrder, forKey: .stackOrder)
      try c.encode(coreBytes, forKey: .coreBytes)
      try c.encode(initBytes, forKey: .initBytes)
      try c.encodeIfPresent(dataBytes, forKey: .dataBytes)
      try c.encode(klpBytes, forKey: .klpBytes)
      try c.encode(klpBytesSource, forKey: .klpBytesSource)
      try c.encode(moduleFile, forKey: .moduleFile)
      try c.encode(objects, forKey: .objects)
      try c.encode(nops, forKey: .nops)
    }
  }

  public struct Object: Encodable, Sendable, Equatable {
    public var name: Name
    public var patched: Bool?
    public var funcs: [Func]

    public init(name: Name, patched: Bool?, funcs: [Func]) {
      self.name = name
      self.patched = patched
      self.funcs = funcs
    }

    enum CodingKeys: String, CodingKey { case name, nameBytes, patched, funcs }

    public func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(name.text, forKey: .name)
      try c.encodeIfPresent(name.hex, forKey: .nameBytes)
      try c.encode(patched, forKey: .patched)
      try c.encode(funcs, forKey: .funcs)
    }
  }

  public struct Func: Encodable, Sendable, Equatable {
    public var name: Name
    public var sympos: UInt64

    public init(name: Name, sympos: UInt64) {
      self.name = name
      self.sympos = sympos
    }

    enum CodingKeys: String, CodingKey { case name, nameBytes, sympos }

    public func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(name.text, forKey: .name)
      try c.encodeIfPresent(name.hex, forKey: .nameBytes)
      try c.encode(sympos, forKey: .sympos)
    }
  }

  /// A no-op func, with its object.
  public struct Nop: Encodable, Sendable, Equatable {
    public var object: Name
    public var name: Name
    public var sympos: UInt64

    public init(object: Name, name: Name, sympos: UInt64) {
      self.object = object
      self.name = name
      self.sympos = sympos
    }

    enum CodingKeys: String, CodingKey { case object, objectBytes, name, nameBytes, sympos }

    public func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(object.text, forKey: .object)
      try c.encodeIfPresent(object.hex, forKey: .objectBytes)
      try c.encode(name.text, forKey: .name)
      try c.encodeIfPresent(name.hex, forKey: .nameBytes)
      try c.encode(sympos, forKey: .sympos)
    }
  }

  /// One patched function: who runs it (`owner`, the head of its `func_stack`), whom it
  /// shadows, and on what the owner was decided (`ownerFrom`: `stack_order`, `only`,
  /// `replace`, `unknown` with the candidates in `undecided`, or `none`).
  public struct Function: Encodable, Sendable, Equatable {
    public var object: Name
    public var name: Name
    public var sympos: UInt64
    public var owner: Name?
    public var shadows: [Name]
    public var ownerFrom: String
    public var undecided: [Name]
    /// A func of the patch in transition is on this function's stack (its owner's when
    /// a patch is being enabled; the disabling patch's, above the owner, when one is
    /// being disabled): tasks not yet switched may still run another func
    /// (`klp_ftrace_handler()`).
    public var inTransition: Bool
    /// The owner's func is a no-op of an atomic replace: the original code runs (for
    /// the tasks switched to it); null when its no-ops are not known.
    public var ownerIsNop: Bool?

    public init(
      object: Name, name: Name, sympos: UInt64, owner: Name?, shadows: [Name], ownerFrom: String,
      undecided: [Name], inTransition: Bool
    ) {
      self.object = object
      self.name = name
      self.sympos = sympos
      self.owner = owner
      self.shadows = shadows
      self.ownerFrom = ownerFrom
      self.undecided = undecided
      self.inTransition = inTransition
    }

    enum CodingKeys: String, CodingKey {
      case object, objectBytes, name, nameBytes, sympos, owner, shadows, ownerFrom, undecided,
        inTransition, ownerIsNop
    }

    public func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(object.text, forKey: .object)
      try c.encodeIfPresent(object.hex, forKey: .objectBytes)
      try c.encode(name.text, forKey: .name)
      try c.encodeIfPresent(name.hex, forKey: .nameBytes)
      try c.encode(sympos, forKey: .sympos)
      try c.encode(owner?.text, forKey: .owner)
      try c.encode(shadows.map(\.text), forKey: .shadows)
      try c.encode(ownerFrom, forKey: .ownerFrom)
      try c.encode(undecided.map(\.text), forKey: .undecided)
      try c.encode(inTransition, forKey: .inTransition)
      try c.encode(ownerIsNop, forKey: .ownerIsNop)
    }
  }

  public struct Totals: Encodable, Sendable, Equatable {
    public var patches: Int
    public var functions: Int
    /// Sums; null when any patch's is unknown.
    public var klpBytes: UInt64?
    public var moduleBytes: UInt64?

    public init(patches: Int, functions: Int, klpBytes: UInt64?, moduleBytes: UInt64?) {
      self.patches = patches
      self.functions = functions
      self.klpBytes = klpBytes
      self.moduleBytes = moduleBytes
    }

    enum CodingKeys: String, CodingKey { case patches, functions, klpBytes, moduleBytes }

    public func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(patches, forKey: .patches)
      try c.encode(functions, forKey: .functions)
      try c.encode(klpBytes, forKey: .klpBytes)
      try c.encode(moduleBytes, forKey: .moduleBytes)
    }
  }

  /// A path under the root that could not be read, and why.
  public struct Unreadable: Encodable, Sendable, Equatable {
    /// Relative to the root; `pathBytes` (hex) when not UTF-8.
    public var path: Name
    public var reason: String

    public init(path: Name, reason: String) {
      self.path = path
      self.reason = reason
    }

    enum CodingKeys: String, CodingKey { case path, pathBytes, reason }

    public func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(path.text, forKey: .path)
      try c.encodeIfPresent(path.hex, forKey: .pathBytes)
      try c.encode(reason, forKey: .reason)
    }
  }
}
