import Foundation
import ElfDwarf

/// Finds the separate debug file of a stripped module, offline: Debian's `-dbg` layout
/// (`/usr/lib/debug/lib/modules/REL/...`, no build-id links), Fedora's
/// `.build-id/xx/yyyy.debug`, or a flat directory of same-named files.
public struct DebugFileFinder: Sendable {
  public var directories: [String]

  public init(directories: [String]) { self.directories = directories }

  /// The first candidate that exists, or nil (also when the module has DWARF itself).
  public func debugFile(for modulePath: String) -> String? {
    guard !directories.isEmpty else { return nil }
    let module = try? ElfFile.open(modulePath)
    if module?.hasDWARF == true { return nil }
    return candidates(for: modulePath, buildID: module?.buildID).first { FileManager.default.fileExists(atPath: $0) }
  }

  func candidates(for modulePath: String, buildID: String?) -> [String] {
    var uncompressed = modulePath
    for suffix in [".xz", ".gz", ".zst", ".bz2"] where uncompressed.hasSuffix(suffix) {
      uncompressed.removeLast(suffix.count)
    }
    let name = (uncompressed as NSString).lastPathComponent
    var result: [String] = []
    for directory in directories {
      if let r = uncompressed.range(of: "/lib/modules/") {
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
