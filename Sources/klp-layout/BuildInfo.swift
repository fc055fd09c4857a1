/// The version and the commit it was built from. `scripts/install` builds from a
/// staged copy of the sources in which `commit` names `git describe`'s answer; a plain
/// `swift build` of a clone keeps "unknown" (no build step may need git).
enum BuildInfo {
  static let version = "0.2.0"
  static let commit = "unknown"

  static var versionLine: String { "\(version) (commit \(commit))" }
}
