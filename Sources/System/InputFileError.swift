/// Why an input could not be opened or trusted: which path, what was expected, what was
/// found. The readers above wrap it (`ElfDwarfError.input`, `FrontendError.input`).
public enum InputFileError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The file could not be opened or read.
  case unreadable(path: FilePath, reason: Errno)
  /// The path names a directory, FIFO, device or socket: refused before anything
  /// could block on it. `expected` says what the command wanted there.
  case notRegularFile(path: FilePath, found: FileStatus.Kind, expected: String)
  /// The file is larger than what the command reads whole.
  case tooLarge(path: FilePath, size: UInt64, limit: UInt64)
  /// The file ended before the size `fstat` gave when it was opened.
  case shrank(path: FilePath)
  /// The file was truncated or rewritten while it was being read.
  case changedWhileReading(path: FilePath)

  public var path: FilePath {
    switch self {
    case .unreadable(let path, _), .notRegularFile(let path, _, _), .tooLarge(let path, _, _),
      .shrank(let path), .changedWhileReading(let path):
      return path
    }
  }

  public var description: String {
    switch self {
    case .unreadable(let path, let reason):
      return "\(path): cannot read: \(reason)"
    case .notRegularFile(let path, let found, let expected):
      return
        "\(path): not a regular file (it is \(found.article)); expected \(expected)"
    case .tooLarge(let path, let size, let limit):
      return "\(path): the file claims \(size) bytes, more than the limit of \(limit)"
    case .shrank(let path):
      return "\(path): cannot read: file shrank while reading"
    case .changedWhileReading(let path):
      return
        "\(path): changed while being read (truncated or rewritten); nothing read from it is reported"
    }
  }
}
