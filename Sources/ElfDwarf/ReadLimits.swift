/// How much an input may cost the reader, whatever the file claims.
public struct ReadLimits: Sendable, Equatable {
  /// The most bytes a decompressed file, or all its compressed sections together, may
  /// expand to. Checked while streaming, never taken from a size the file declares.
  public var maxDecompressed: UInt64

  public init(maxDecompressed: UInt64) {
    self.maxDecompressed = maxDecompressed
  }

  /// 2 GiB: twice the largest compressed debug vmlinux section seen in distro packages.
  public static let standard = ReadLimits(maxDecompressed: 2 << 30)
}
