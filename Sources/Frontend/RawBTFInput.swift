import BTF
import LayoutLoader
import System

/// A raw BTF file of a command's input (`/sys/kernel/btf/*`, a detached `.BTF`): read
/// when the input is opened, parsed when a use case first asks for its types (on its
/// base when split), once for every use case. The bytes are let go once parsed: libbpf
/// keeps a copy of its own. Use cases that never ask for types (`inspect` on such a
/// file says it has no symbols) never parse it.
final class RawBTFInput {
  private let path: String
  private let btfBase: String?
  private let workers: Workers
  private var bytes: [UInt8]
  private var parsed: Result<BTFFile, LoaderError>?
  /// What it holds of the run's memory budget: the bytes, libbpf's copy and the types.
  private let held: MemoryBudget.Reservation

  init(
    path: String, bytes: [UInt8], btfBase: String?, workers: Workers,
    held: MemoryBudget.Reservation
  ) {
    self.path = path
    self.held = held
    self.bytes = bytes
    self.btfBase = btfBase
    self.workers = workers
  }

  /// The parsed file, or the error parsing gave (the same every time it is asked).
  func file() throws(LoaderError) -> BTFFile {
    if parsed == nil {
      do {
        parsed = .success(
          try TypeSources.parseRawBTF(bytes, path: path, btfBase: btfBase, workers: workers))
      } catch { parsed = .failure(error) }
      bytes = []
    }
    return try parsed!.get()
  }
}
