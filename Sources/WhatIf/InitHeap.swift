/// What a records-based livepatch's init code allocates (kpatch's patch hook,
/// klp-build's init.c): one `klp_patch`, one array of the objects plus a sentinel,
/// and per object an array of its funcs plus a sentinel; they live as long as the
/// module: permanent.
public enum InitHeap {
  public static let purpose = "records-based patch init: kzalloc"

  public static func allocations(
    funcsPerObject: [UInt64], patch: UInt64, object: UInt64, function: UInt64,
    kmalloc: KmallocClasses = .standard
  ) -> [HeapAllocation] {
    let objects = UInt64(funcsPerObject.count) &+ 1
    var list = [
      HeapAllocation(
        purpose: purpose, type: .structure("klp_patch"), count: 1, requested: patch,
        lifetime: .permanent, kmalloc: kmalloc),
      HeapAllocation(
        purpose: purpose, type: .structure("klp_object"), elements: objects, count: 1,
        requested: objects &* object,
        lifetime: .permanent, kmalloc: kmalloc),
    ]
    for (n, group) in Dictionary(grouping: funcsPerObject, by: { $0 }).sorted(by: {
      $0.key < $1.key
    }) {
      list.append(
        HeapAllocation(
          purpose: purpose, type: .structure("klp_func"), elements: n &+ 1,
          count: UInt64(group.count),
          requested: (n &+ 1) &* function, lifetime: .permanent, kmalloc: kmalloc))
    }
    return list
  }
}
