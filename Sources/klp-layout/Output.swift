#if canImport(Glibc)
  import Glibc
#endif
import Reports
import System

/// Standard output could not be written (a full disk, a closed pipe with SIGPIPE
/// ignored, an I/O error).
struct StdoutError: Error, CustomStringConvertible {
  var reason: String
  var description: String { "cannot write output: \(reason)" }
}

/// Writes reports to standard output with write(2): a failure ends the run with one
/// line and exit 2, never a trap. SIGPIPE keeps its default action, so `| head` ends
/// the process quietly as with any Unix tool.
enum Output {
  /// Every subcommand's one way out: `document` in `format`, which the subcommand's
  /// `--format` accepted, with arrows as the locale says and `options` besides.
  static func emit(
    _ document: some Renderable, as format: OutputFormat, options: RenderOptions = .init()
  ) throws {
    var options = options
    options.style = .fromEnvironment()
    try write(document.render(as: format, options: options))
  }

  /// Text that is not a report (the argument parser's help), as it is.
  static func write(_ text: String) throws {
    var text = text
    try text.withUTF8 { try write(UnsafeRawBufferPointer($0)) }
  }

  /// Writes `text` piece by piece, as the threads that rendered it left it.
  private static func write(_ text: RenderedText) throws {
    try text.forEachPiece(write)
  }

  private static func write(_ bytes: UnsafeRawBufferPointer) throws {
    do { try FileDescriptor.standardOutput.writeAll(bytes) } catch {
      throw StdoutError(reason: error.description)
    }
  }

  /// Keeps `value` alive until the process exits instead of freeing it when the command
  /// returns: a whole kernel's types and layouts are a million objects, freed one at a
  /// time (3 to 5% of a whole-BTF dump) just before the exit that returns all the memory at
  /// once. (Compilers skip the same teardown: clang's `-disable-free`.) Only for values
  /// whose release does nothing else: the input's files and mappings close at exit.
  /// Under a leak checker (`LeakChecking.isOn`) the value is freed as usual: the types'
  /// boxes are held through pointers that carry an enum's case in their top bits, which
  /// the checker does not follow, so everything kept read as lost.
  static func keepUntilExit<T>(_ value: T) {
    guard !LeakChecking.isOn else { return }
    _ = Unmanaged.passRetained(Kept(value))
  }

  private final class Kept<T> {
    let value: T
    init(_ value: T) { self.value = value }
  }
}

/// Whether the run is under AddressSanitizer's leak checker (`ASAN_OPTIONS` or
/// `LSAN_OPTIONS` set, as scripts/asan sets them): then the process ends as usual, with
/// what it made freed, so that the check at exit runs and finds only real leaks.
enum LeakChecking {
  static let isOn = getenv("ASAN_OPTIONS") != nil || getenv("LSAN_OPTIONS") != nil
}
