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
    // Written from the string's own UTF-8 storage: a whole kernel's layouts are
    // megabytes, not worth another copy.
    var text = text
    try text.withUTF8 { bytes throws in
      var done = 0
      while done < bytes.count {
        let n = write(STDOUT_FILENO, bytes.baseAddress! + done, bytes.count - done)
        if n < 0 && errno == EINTR { continue }
        guard n > 0 else { throw StdoutError(reason: String(cString: strerror(errno))) }
        done += n
      }
    }
  }
}
