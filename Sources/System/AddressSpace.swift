#if canImport(Glibc)
  import Glibc
#endif

/// What the kernel lets this process map, and what it maps already: the facts the
/// default `MemoryBudget` and the start-up check are made from.
public enum AddressSpace {
  /// RLIMIT_AS (`ulimit -v`) in bytes; nil when unlimited.
  public static var limit: UInt64? {
    var value = rlimit()
    guard getrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &value) == 0,
      value.rlim_cur != rlim_t.max
    else { return nil }
    return UInt64(value.rlim_cur)
  }

  /// The bytes mapped now (`/proc/self/statm`'s first field); nil without /proc.
  public static func mappedNow() -> UInt64? {
    guard let file = try? FileDescriptor.open("/proc/self/statm", O_RDONLY) else { return nil }
    defer { file.close() }
    guard let bytes = try? file.readToEnd(limit: 256),
      let pages = UInt64(String(decoding: bytes.prefix { $0 != UInt8(ascii: " ") }, as: UTF8.self))
    else { return nil }
    return pages &* UInt64(sysconf(Int32(_SC_PAGESIZE)))
  }

  /// The machine's memory.
  public static var physicalMemory: UInt64 {
    UInt64(max(sysconf(Int32(_SC_PHYS_PAGES)), 0)) &* UInt64(max(sysconf(Int32(_SC_PAGESIZE)), 0))
  }
}
