#if canImport(Glibc)
  import Glibc
#endif
import System

/// Why an output file could not be written; always names the path the user gave.
public struct OutputError: Error, Equatable, Sendable, CustomStringConvertible {
  public var path: String
  public var reason: String

  public var description: String { "\(path): cannot write: \(reason)" }
}

/// How `-o` writes a file: through the one writer, `System.AtomicFile` (a temporary file
/// created exclusively beside the target, written, given the target's mode, fsync'd,
/// renamed over it; gone on failure or a signal). A target that exists and is not a regular file (a device, FIFO, socket,
/// directory) is refused and left alone; a symlink to a regular file is written through,
/// as a shell's `>` would, and one that leads nowhere is refused rather than made to
/// create a file wherever it points.
public enum OutputFile {
  public static func write(_ text: String, to path: String) throws(OutputError) {
    let target = try resolveTarget(FilePath(path), given: path)
    let mode = targetMode(target)
    do { try AtomicFile.replace(target, with: Array(text.utf8), permissions: mode) } catch {
      throw OutputError(path: path, reason: error.description)
    }
  }

  /// The file that will be replaced: the path itself, or the regular file its symlinks
  /// lead to. Refuses an existing target that is not a regular file, and a symlink that
  /// leads to nothing.
  static func resolveTarget(_ path: FilePath, given: String) throws(OutputError) -> FilePath {
    var current = path
    for hop in 0..<40 {  // as the kernel's ELOOP limit
      let status: FileStatus
      do { status = try FileStatus.ofLink(current) } catch {
        if error == .noSuchFile && hop == 0 { return current }
        if error == .noSuchFile {
          throw OutputError(
            path: given,
            reason:
              "it is a symbolic link to \(current), which does not exist; refusing to create it")
        }
        throw OutputError(path: given, reason: error.description)
      }
      switch status.kind {
      case .regular: return current
      case .symbolicLink:
        let next: FilePath
        do { next = try current.symbolicLinkDestination() } catch {
          throw OutputError(path: given, reason: "cannot read the symbolic link: \(error)")
        }
        current = next.isAbsolute ? next : current.removingLastComponent.appending(next)
      case .directory: throw OutputError(path: given, reason: "it is a directory")
      default:
        throw OutputError(
          path: given,
          reason:
            "it exists and is not a regular file (a device, FIFO or socket); refusing to replace it"
        )
      }
    }
    throw OutputError(path: given, reason: "too many levels of symbolic links")
  }

  /// An existing target keeps its permission bits (mkstemp creates 0600); a new file
  /// gets what the umask allows, as a shell's `>` would make it. (A target that cannot
  /// be looked at cannot be created beside either: the creation then says why.)
  private static func targetMode(_ target: FilePath) -> mode_t {
    if let status = try? FileStatus.of(target) { return mode_t(status.permissions) }
    let mask = umask(0)
    umask(mask)
    return 0o666 & ~mask
  }
}
