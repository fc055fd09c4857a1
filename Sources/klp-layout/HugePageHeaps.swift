#if canImport(Glibc)
  import Glibc
  import System

  /// Asks the kernel for transparent huge pages on glibc's main heap and on the heap
  /// the first worker thread will take (`madvise(MADV_HUGEPAGE)`, honoured when
  /// `/sys/kernel/mm/transparent_hugepage/enabled` is `always` or `madvise`, as on
  /// Debian, Ubuntu and Fedora). A run builds tens of megabytes of small objects and
  /// exits; faulting that in 4 KB at a time was a fault every few microseconds (a
  /// whole-kernel BTF dump: 13,000 faults, a fifth of its CPU time), and a 2 MB page is
  /// one fault. glibc does the same when started with
  /// `GLIBC_TUNABLES=glibc.malloc.hugetlb=1`, which a program cannot set for itself.
  ///
  /// The heaps are found, not assumed: a block is allocated on the main thread and must
  /// lie in `[heap]` (the `brk` heap), which is advised whole; another on a new thread
  /// (`Workers.onNewThread`), which glibc gives a heap of its own and, once the thread
  /// has ended, hands to the next thread that allocates: the first worker thread. A
  /// thread heap starts where glibc puts it, at a multiple of its largest size (64 MB on
  /// 64-bit systems: glibc finds a heap from any of its blocks that way); the block must
  /// lie in an anonymous writable mapping other than `[heap]` that holds that start,
  /// which is advised from there with the reserved mapping right after it (the rest of
  /// that heap), never past the heap's 64 MB. Anything not found as expected is left alone;
  /// nothing else changes if the advice is refused. (Workers beyond the first, on
  /// machines with more than two CPUs, take plain heaps: a heap each would need as many
  /// threads alive at once at every start.)
  enum HugePageHeaps {
    /// The main heap is grown by this much now, so that the advice covers what a
    /// whole-kernel run puts there: address space only, paid for when touched.
    static let mainHeapReserve = 128 << 20
    /// glibc's largest thread heap on 64-bit systems (`HEAP_MAX_SIZE`): a bound on what
    /// is advised from a thread's block, not an assumption about where heaps lie.
    static let threadHeapMost: UInt = 64 << 20

    /// With `threads` false (one thread asked for: `KLP_LAYOUT_JOBS=1`) the main heap
    /// only, and no thread is started to find a worker's heap: none will run.
    static func advise(setTopPad: (Int32) -> Void, topPad: Int32, threads: Bool) {
      // glibc grows its main heap by the top pad beyond the request: one large growth
      // now, then the usual pad again.
      setTopPad(Int32(mainHeapReserve))
      let mainBlock = malloc(1 << 20)
      setTopPad(topPad)
      free(mainBlock)
      // A small block: never a mapping of its own, always from the thread's heap (none
      // looked for, 0, when no worker will run).
      var threadBlock: UInt = 0
      if threads {
        threadBlock =
          Workers.onNewThread { () -> UInt in
            guard let block = malloc(256) else { return 0 }
            free(block)
            return UInt(bitPattern: block)
          } ?? 0
      }
      let maps = AnonymousMappings.ofThisProcess()
      let heaps = [
        maps.brkHeap(holding: UInt(bitPattern: mainBlock)),
        maps.threadHeap(holding: threadBlock, most: threadHeapMost),
      ]
      for case let heap? in heaps {
        _ = madvise(
          UnsafeMutableRawPointer(bitPattern: heap.lowerBound), Int(heap.count), MADV_HUGEPAGE)
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

    /// The mappings, or none when `/proc` cannot be read (a chroot without it): the
    /// advice is then simply not given.
    static func ofThisProcess() -> AnonymousMappings {
      guard let maps = try? FileDescriptor.open("/proc/self/maps", O_RDONLY) else {
        return AnonymousMappings(mappings: [])
      }
      defer { maps.close() }
      // A few hundred lines of about a hundred bytes.
      guard let text = try? maps.readToEnd(limit: 16 << 20) else {
        return AnonymousMappings(mappings: [])
      }
      return AnonymousMappings(
        mappings: text[...].split(separator: 0x0A).compactMap { parse(Fields(line: $0)) })
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

    /// The thread heap holding `address`, which starts at the multiple of `most` (a
    /// power of two) at or below it: from there, its writable mapping (not `[heap]`,
    /// holding that start) and the reserved mapping right after it, at most `most` bytes.
    func threadHeap(holding address: UInt, most: UInt) -> Range<UInt>? {
      guard MemoryLayout<UInt>.size == 8, address != 0, most.nonzeroBitCount == 1 else {
        return nil
      }
      let start = address & ~(most - 1)
      guard let index = mappings.firstIndex(where: { $0.range.contains(address) }),
        mappings[index].writable, !mappings[index].isBrkHeap,
        mappings[index].range.contains(start)
      else { return nil }
      var end = mappings[index].range.upperBound
      if index + 1 < mappings.count, !mappings[index + 1].writable,
        mappings[index + 1].range.lowerBound == end
      {
        end = mappings[index + 1].range.upperBound
      }
      return start..<min(end, start + most)
    }

    /// The `brk` heap, when it holds `address`.
    func brkHeap(holding address: UInt) -> Range<UInt>? {
      guard address != 0,
        let heap = mappings.first(where: { $0.range.contains(address) }),
        heap.isBrkHeap, heap.writable
      else { return nil }
      return heap.range
    }
  }
#endif
