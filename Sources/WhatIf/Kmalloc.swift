/// The kernel's kmalloc size classes: a request is served from the smallest cache that
/// fits (`kmalloc-8` … `kmalloc-8k`); larger ones come straight from the page
/// allocator, rounded up to a power-of-two number of pages.
public struct KmallocClasses: Hashable, Sendable {
  public var classes: [UInt64]
  public var pageSize: UInt64

  /// The generic caches of x86_64 and most configurations (KMALLOC_MIN_SIZE 8, with
  /// the 96 and 192 byte caches).
  public static let standard = KmallocClasses(
    classes: [8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192], pageSize: 4096)

  public init(classes: [UInt64], pageSize: UInt64) {
    self.classes = classes
    self.pageSize = pageSize
  }

  /// What `kmalloc(size)` really takes, and the name of where it comes from.
  public func allocation(_ size: UInt64) -> (bytes: UInt64, cache: String) {
    if size == 0 { return (0, "ZERO_SIZE_PTR") }
    if let cache = classes.first(where: { $0 >= size }) {
      return (
        cache, "kmalloc-" + (cache >= 1024 && cache % 1024 == 0 ? "\(cache / 1024)k" : "\(cache)")
      )
    }
    var pages: UInt64 = 1
    while pages * pageSize < size && pages < 1 << 40 { pages *= 2 }
    return (pages * pageSize, "\(pages) page" + (pages == 1 ? "" : "s"))
  }

  /// `count` allocations of `size` bytes each, as the caches serve them.
  public func allocate(_ what: String, count: UInt64, size: UInt64) -> Allocation {
    let (bytes, cache) = allocation(size)
    return Allocation(what: what, count: count, requested: size, cache: cache, bytes: bytes)
  }
}
