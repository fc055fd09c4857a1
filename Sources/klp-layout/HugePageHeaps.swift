#if canImport(Glibc)
  import Glibc

  /// Asks the kernel for transparent huge pages on glibc's heaps (`madvise(MADV_HUGEPAGE)`,
  /// honoured when `/sys/kernel/mm/transparent_hugepage/enabled` is `always` or `madvise`,
  /// as on Debian, Ubuntu and Fedora). A run builds tens of megabytes of small objects
  /// and exits; faulting that in 4 KB at a time was a fault every few microseconds (a
  /// whole-kernel BTF dump: 13,000 faults, a fifth of its CPU time), and a 2 MB page
  /// is one fault. glibc does the same when started with
  /// `GLIBC_TUNABLES=glibc.malloc.hugetlb=1`, which a program cannot set for itself.
  ///
  /// The heaps are found, not assumed: a block is allocated on the main thread and on
  /// `threadHeaps` threads alive at once (each gets a heap of its own, which glibc hands
  /// to the next threads once they end). The main thread's block must lie in `[heap]`
  /// (the `brk` heap), which is advised whole; a thread's block in an anonymous writable
  /// mapping, advised with the one reserved (`PROT_NONE`) mapping right after it, the
  /// rest of that heap, and never more than a thread heap's 64 MB. Anything not found as
  /// expected is left alone; nothing else changes if the advice is refused.
  enum HugePageHeaps {
    /// The main heap is grown by this much now, so that the advice covers what a
    /// whole-kernel run puts there: address space only, paid for when touched.
    static let mainHeapReserve = 128 << 20
    /// Heaps made for threads at most: one per worker thread (`KLP_LAYOUT_JOBS` or the
    /// CPUs), up to what starting that many threads is worth on a large machine (more
    /// threads take plain heaps).
    static let mostThreadHeaps = 16
    /// glibc's largest thread heap on 64-bit systems (`HEAP_MAX_SIZE`): a bound on what
    /// is advised from a thread's block, not an assumption about where heaps lie.
    static let threadHeapMost: UInt = 64 << 20

    static func advise(threadHeaps: Int, setTopPad: (Int32) -> Void, topPad: Int32) {
      // glibc grows its main heap by the top pad beyond the request: one large growth
      // now, then the usual pad again.
      setTopPad(Int32(mainHeapReserve))
      let mainBlock = malloc(1 << 20)
      setTopPad(topPad)
      free(mainBlock)
      let threadBlocks = ThreadHeaps.blocks(threads: threadHeaps)
      let maps = AnonymousMappings.ofThisProcess()
      var heaps = [maps.brkHeap(holding: UInt(bitPattern: mainBlock))]
      heaps += threadBlocks.map { maps.threadHeap(holding: $0, most: threadHeapMost) }
      for case let heap? in heaps {
        _ = madvise(
          UnsafeMutableRawPointer(bitPattern: heap.lowerBound), Int(heap.count), MADV_HUGEPAGE)
      }
    }
  }

  /// Threads that each allocate a block and wait until all have, so that each takes a
  /// heap of its own; the blocks are freed and the threads end, leaving their heaps to
  /// glibc's list of free heaps.
  private final class ThreadHeaps: @unchecked Sendable {
    // Allocated, not stored properties: a pthread object must not move, and `&property`
    // promises an address only for the length of one call.
    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var ready = 0
    private var released = false
    private var addresses: [UInt]

    private init(threads: Int) {
      addresses = Array(repeating: 0, count: threads)
      pthread_mutex_init(lock, nil)
      pthread_cond_init(changed, nil)
    }

    deinit {
      pthread_cond_destroy(changed)
      pthread_mutex_destroy(lock)
      changed.deallocate()
      lock.deallocate()
    }

    /// The address of one block in each new thread heap (0 for a thread not started).
    static func blocks(threads: Int) -> [UInt] {
      guard threads > 0 else { return [] }
      let shared = ThreadHeaps(threads: threads)
      var started: [pthread_t] = []
      for index in 0..<threads {
        let context = Unmanaged.passRetained(Slot(shared: shared, index: index)).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(
          &thread, nil,
          { raw in
            let slot = Unmanaged<Slot>.fromOpaque(raw!).takeRetainedValue()
            slot.shared.allocateAndWait(slot.index)
            return nil
          }, context)
        guard result == 0 else {
          Unmanaged<Slot>.fromOpaque(context).release()
          break
        }
        started.append(thread)
      }
      // Every started thread holds its block until all have one: then they may go.
      shared.wait(until: started.count)
      for thread in started { pthread_join(thread, nil) }
      return shared.addresses
    }

    private func allocateAndWait(_ index: Int) {
      let block = malloc(64 << 10)
      pthread_mutex_lock(lock)
      addresses[index] = UInt(bitPattern: block)
      ready += 1
      pthread_cond_broadcast(changed)
      while !released { pthread_cond_wait(changed, lock) }
      pthread_mutex_unlock(lock)
      free(block)
    }

    private func wait(until count: Int) {
      pthread_mutex_lock(lock)
      while ready < count { pthread_cond_wait(changed, lock) }
      released = true
      pthread_cond_broadcast(changed)
      pthread_mutex_unlock(lock)
    }

    private final class Slot {
      let shared: ThreadHeaps
      let index: Int
      init(shared: ThreadHeaps, index: Int) {
        self.shared = shared
        self.index = index
      }
    }
  }

  /// The process's private anonymous mappings (`/proc/self/maps`), in address order.
  private struct AnonymousMappings {
    struct Mapping {
      let range: Range<UInt>
      let writable: Bool
      /// `[heap]`: the `brk` heap.
      let isBrkHeap: Bool
    }
    let mappings: [Mapping]

    static func ofThisProcess() -> AnonymousMappings {
      let fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC)
      guard fd >= 0 else { return AnonymousMappings(mappings: []) }
      defer { close(fd) }
      // A few hundred lines of about a hundred bytes; the buffer doubles for more.
      var text = [UInt8](repeating: 0, count: 32 << 10)
      var count = 0
      while count < 16 << 20 {
        if count == text.count { text += repeatElement(0, count: text.count) }
        let n = text.withUnsafeMutableBytes { read(fd, $0.baseAddress! + count, $0.count - count) }
        if n < 0 && errno == EINTR { continue }
        guard n > 0 else { break }
        count += n
      }
      return AnonymousMappings(
        mappings: text[..<count].split(separator: 0x0A).compactMap { parse(Fields(line: $0)) })
    }

    /// `start-end perms offset dev inode [name]`: kept when private, anonymous (inode 0,
    /// no name but `[heap]`) and readable-writable or reserved.
    private static func parse(_ line: consuming Fields) -> Mapping? {
      guard let start = line.hex(), line.skip(UInt8(ascii: "-")), let end = line.hex(),
        start < end
      else { return nil }
      let perms = line.next()
      _ = line.next()  // offset
      _ = line.next()  // device
      guard line.next().elementsEqual("0".utf8) else { return nil }
      let name = line.next()
      guard name.isEmpty || name.elementsEqual("[heap]".utf8) else { return nil }
      let isBrkHeap = !name.isEmpty
      if perms.elementsEqual("rw-p".utf8) {
        return Mapping(range: start..<end, writable: true, isBrkHeap: isBrkHeap)
      }
      if perms.elementsEqual("---p".utf8) {
        return Mapping(range: start..<end, writable: false, isBrkHeap: isBrkHeap)
      }
      return nil
    }

    /// A line's fields read in turn, as bytes (a process has hundreds of mappings, read
    /// at every start).
    private struct Fields: ~Copyable {
      let line: ArraySlice<UInt8>
      var at: Int

      init(line: ArraySlice<UInt8>) {
        self.line = line
        at = line.startIndex
      }

      mutating func hex() -> UInt? {
        var value: UInt = 0
        let first = at
        while at < line.endIndex, at - first < 16, let digit = Self.hexDigit(line[at]) {
          value = value << 4 | digit
          at += 1
        }
        return at > first ? value : nil
      }

      mutating func skip(_ byte: UInt8) -> Bool {
        guard at < line.endIndex, line[at] == byte else { return false }
        at += 1
        return true
      }

      /// The next field separated by spaces (empty at the end of the line).
      mutating func next() -> ArraySlice<UInt8> {
        while at < line.endIndex, line[at] == 0x20 { at += 1 }
        let first = at
        while at < line.endIndex, line[at] != 0x20 { at += 1 }
        return line[first..<at]
      }

      static func hexDigit(_ byte: UInt8) -> UInt? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt(byte - UInt8(ascii: "a") + 10)
        default: nil
        }
      }
    }

    /// The `brk` heap, when it holds `address`.
    func brkHeap(holding address: UInt) -> Range<UInt>? {
      guard address != 0,
        let heap = mappings.first(where: { $0.range.contains(address) }),
        heap.isBrkHeap, heap.writable
      else { return nil }
      return heap.range
    }

    /// The anonymous writable mapping holding `address` and the one reserved mapping
    /// right after it (the part of a thread heap not yet in use), at most `most` bytes.
    func threadHeap(holding address: UInt, most: UInt) -> Range<UInt>? {
      guard address != 0,
        let index = mappings.firstIndex(where: { $0.range.contains(address) }),
        mappings[index].writable, !mappings[index].isBrkHeap
      else { return nil }
      let start = mappings[index].range.lowerBound
      var end = mappings[index].range.upperBound
      if index + 1 < mappings.count, !mappings[index + 1].writable,
        mappings[index + 1].range.lowerBound == end
      {
        end = mappings[index + 1].range.upperBound
      }
      return start..<min(end, start + most)
    }
  }
#endif
