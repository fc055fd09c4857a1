import ElfDwarf
import FoundationEssentials
import System

/// Finds the separate debug file of a stripped module, offline and only where the user
/// pointed (`--debug-dir`): Debian's `-dbg` layout (`/usr/lib/debug/lib/modules/REL/...`,
/// no build-id links), Fedora's `.build-id/xx/yyyy.debug`, or a flat directory of
/// same-named files. Candidates are opened as inputs are (non-blocking, regular files
/// only), so a FIFO or device planted there is skipped, never waited on.
struct DebugFileFinder {
  var directories: [String]

  /// The first candidate that is a regular file with DWARF, opened, or nil. A
  /// candidate that is missing or not a regular file is passed over; one that is there
  /// but cannot be read is an error naming it, not a silent miss.
  func debugFile(
    for module: ElfFile, options: InputOptions
  ) throws(FrontendError) -> (InputFile, ElfFile)? {
    for candidate in candidates(for: module.path, buildID: module.buildID) {
      let input: InputFile
      do { input = try InputFile.open(FilePath(candidate)) } catch {
        switch error {
        case .unreadable(_, .noSuchFile), .unreadable(_, .notADirectory), .notRegularFile:
          continue
        default: throw .input(error)
        }
      }
      let debug: ElfFile
      do { debug = try ElfFile.open(input, limits: options.limits) } catch {
        throw .reading(error)
      }
      if debug.hasDWARF { return (input, debug) }
    }
    return nil
  }

  func candidates(for modulePath: String, buildID: String?) -> [String] {
    var uncompressed = modulePath
    for suffix in [".xz", ".gz", ".zst", ".bz2"] where uncompressed.hasSuffix(suffix) {
      uncompressed.removeLast(suffix.count)
    }
    let name = uncompressed.split(separator: "/").last.map(String.init) ?? ""
    var result: [String] = []
    for directory in directories {
      if let r = uncompressed.firstRange(of: "/lib/modules/") {
        result.append(directory + "/lib/modules/" + uncompressed[r.upperBound...])
      }
      if let id = buildID, id.count > 2 {
        result.append(directory + "/.build-id/" + id.prefix(2) + "/" + id.dropFirst(2) + ".debug")
      }
      result.append(directory + "/" + name)
      result.append(directory + "/" + name + ".debug")
    }
    return result
  }
}
