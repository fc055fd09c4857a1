/// An owned, writable byte buffer whose address never moves: libelf and libdwfl keep
/// pointers into images made with `elf_memory`/`dwfl_report_offline_memory`, and libdwfl
/// relocates in place, so each consumer gets its own copy that outlives its handle.
final class StableBuffer {
  let pointer: UnsafeMutableRawBufferPointer

  init(copying bytes: UnsafeRawBufferPointer) {
    pointer = .allocate(byteCount: max(bytes.count, 1), alignment: 16)
    if let base = bytes.baseAddress, bytes.count > 0 {
      pointer.baseAddress!.copyMemory(from: base, byteCount: bytes.count)
    }
    count = bytes.count
  }
  deinit { pointer.deallocate() }

  /// The number of meaningful bytes (the allocation is at least one byte).
  let count: Int
}

@available(*, unavailable)
extension StableBuffer: Sendable {}
