import Foundation

/// A fresh directory of the test's own under the temporary directory; the test
/// removes it (`defer`).
public enum Scratch {
  public static func directory(_ prefix: String) throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
  }
}
