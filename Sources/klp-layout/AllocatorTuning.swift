#if canImport(Glibc)
  import Glibc
#endif

/// glibc's allocator set for a run that builds a few hundred megabytes of types and
/// layouts at most and then exits: memory freed is kept for the next allocation
/// instead of being handed back to the kernel (trim), blocks of up to 32 MB come from
/// the heap instead of a mapping of their own that is unmapped when freed (mmap), and
/// the heaps grow 32 MB at a time (top pad), not a page or two. With the defaults, a
/// whole-kernel BTF dump faulted in 17,000 fresh pages and grew its thread heaps 1,400
/// times (each an `mprotect` that stalls the other thread's page faults); with these,
/// about 13,500 pages; with the heaps then given huge pages (`HugePageHeaps`), about
/// 2,300 faults. Only the command sets this, at its start; the libraries never touch
/// the allocator. Elsewhere (another C library) nothing is changed.
enum AllocatorTuning {
  /// `threads`: whether the run may start worker threads (`HugePageHeaps`).
  static func apply(threads: Bool) {
    #if canImport(Glibc)
      // `mallopt` is in <malloc.h>, which Swift's Glibc module leaves out: looked up by
      // name, called with C's convention. The parameter numbers are glibc's ABI.
      typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
      guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
      let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
      let trimThreshold: Int32 = -1
      let topPad: Int32 = -2
      let mmapThreshold: Int32 = -3
      let pad: Int32 = 32 << 20
      _ = mallopt(trimThreshold, Int32.max)
      _ = mallopt(mmapThreshold, 32 << 20)
      _ = mallopt(topPad, pad)
      HugePageHeaps.advise(
        setTopPad: { _ = mallopt(topPad, $0) }, topPad: pad, threads: threads)
    #endif
  }
}
