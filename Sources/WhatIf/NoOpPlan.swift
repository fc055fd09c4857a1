/// A livepatch as `klp_add_nops()` (kernel/livepatch/core.c) sees it: objects by
/// name (`nil` for vmlinux), each with its funcs' `old_name` and `old_sympos`.
public struct PatchShape: Hashable, Sendable {
  public var objects: [ObjectShape]

  public init(objects: [ObjectShape]) { self.objects = objects }

  public struct ObjectShape: Hashable, Sendable {
    public var name: String?
    public var funcs: [FuncShape]

    public init(name: String?, funcs: [FuncShape]) {
      self.name = name
      self.funcs = funcs
    }
  }

  public struct FuncShape: Hashable, Sendable {
    public var oldName: String
    public var sympos: UInt64

    public init(oldName: String, sympos: UInt64) {
      self.oldName = oldName
      self.sympos = sympos
    }
  }

  /// The distinct functions the patch redirects (object, name, position), each
  /// needing one `struct klp_ops` while patched (`klp_patch_func()` in patch.c
  /// looks ops up per old function address).
  public var distinctFunctions: Int {
    var seen = Set<NoOp>()
    for object in objects {
      for f in object.funcs {
        seen.insert(NoOp(object: object.name, func: f.oldName, sympos: NoOpPlan.position(f.sympos)))
      }
    }
    return seen.count
  }
}

/// One dynamic no-op func: `klp_alloc_func_nop()` copies the replaced func's
/// `old_name` (kstrdup) and `old_sympos`.
public struct NoOp: Hashable, Sendable, Codable {
  /// The object's name; `nil` for vmlinux.
  public var object: String?
  public var `func`: String
  public var sympos: UInt64

  public init(object: String?, func: String, sympos: UInt64) {
    self.object = object
    self.func = `func`
    self.sympos = sympos
  }

  enum CodingKeys: String, CodingKey { case object, `func`, sympos }

  // `object` is written as null for vmlinux, not left out.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(object, forKey: .object)
    try c.encode(`func`, forKey: .func)
    try c.encode(sympos, forKey: .sympos)
  }
}

/// One object `klp_alloc_object_dynamic()` allocates: `name` is kstrdup'ed when set.
public struct DynamicObject: Hashable, Sendable, Codable {
  public var name: String?

  public init(name: String?) { self.name = name }

  enum CodingKeys: String, CodingKey { case name }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(name, forKey: .name)
  }
}

/// Exactly what `klp_init_patch()` → `klp_add_nops()` allocates when a patch with
/// `replace` set is enabled while `replaced` patches are on `klp_patches`:
///
/// - for every object of every replaced patch, in list order, `klp_find_object()`
///   looks for an object of the new patch with the same name (vmlinux matches
///   vmlinux); when there is none, `klp_alloc_object_dynamic()` adds one;
/// - for every func of that object, `klp_find_func()` looks in the (possibly just
///   extended) object for the same `old_name` and `old_sympos`; when there is none,
///   `klp_alloc_func_nop()` adds a no-op. No-ops added for one replaced patch are
///   found for the next, so nothing is allocated twice.
///
/// `old_sympos` 0 and 1 match each other, as in `klp_find_func()` since Linux 6.19
/// (and its stable backports); older kernels compared them exactly.
public struct NoOpPlan: Hashable, Sendable {
  public var nops: [NoOp]
  public var dynamicObjects: [DynamicObject]

  public init(nops: [NoOp], dynamicObjects: [DynamicObject]) {
    self.nops = nops
    self.dynamicObjects = dynamicObjects
  }

  /// 0 ("the unique symbol") and 1 ("the first") name the same function.
  static func position(_ sympos: UInt64) -> UInt64 { max(sympos, 1) }

  public init(replacing replaced: [PatchShape], by patch: PatchShape) {
    struct Key: Hashable {
      var name: String
      var position: UInt64
    }
    // One entry per object of the new patch, in its obj_list order; dynamic ones appended.
    var objectNames: [String?] = []
    var funcs: [[Key]] = []
    func index(of name: String?) -> Int? { objectNames.firstIndex { $0 == name } }
    for object in patch.objects where index(of: object.name) == nil {
      objectNames.append(object.name)
      funcs.append([])
    }
    for object in patch.objects {
      let i = index(of: object.name)!
      funcs[i] += object.funcs.map { Key(name: $0.oldName, position: Self.position($0.sympos)) }
    }
    var nops: [NoOp] = []
    var dynamic: [DynamicObject] = []
    for old in replaced {
      for object in old.objects {
        let i: Int
        if let found = index(of: object.name) {
          i = found
        } else {
          objectNames.append(object.name)
          funcs.append([])
          dynamic.append(DynamicObject(name: object.name))
          i = objectNames.count - 1
        }
        for f in object.funcs {
          let key = Key(name: f.oldName, position: Self.position(f.sympos))
          guard !funcs[i].contains(key) else { continue }
          funcs[i].append(key)
          nops.append(NoOp(object: object.name, func: f.oldName, sympos: f.sympos))
        }
      }
    }
    self.init(nops: nops, dynamicObjects: dynamic)
  }

  /// The counts the designs are priced for: no-ops per object, in order of first
  /// appearance, and the number of dynamic objects.
  public var demand: NoOpDemand {
    var order: [String?] = []
    var counts: [UInt64] = []
    for nop in nops {
      if let i = order.firstIndex(where: { $0 == nop.object }) {
        counts[i] += 1
      } else {
        order.append(nop.object)
        counts.append(1)
      }
    }
    return NoOpDemand(funcsPerObject: counts, dynamicObjects: UInt64(dynamicObjects.count))
  }
}
