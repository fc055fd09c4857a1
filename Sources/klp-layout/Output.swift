import Foundation

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
  static func emit(_ text: String) throws {
    let bytes = Array(text.utf8)
    var done = 0
    while done < bytes.count {
      let n = bytes.withUnsafeBytes {
        write(STDOUT_FILENO, $0.baseAddress! + done, $0.count - done)
      }
      if n < 0 && errno == EINTR { continue }
      guard n > 0 else { throw StdoutError(reason: String(cString: strerror(errno))) }
      done += n
    }
  }
}
